export type {
  JoinRequest,
  VideoProvider,
  VideoProviderKind,
  VideoProviderSettings,
  VideoRoom,
  VideoRoomRequest,
} from './video-provider';
export { VideoProviderError, VIDEO_PROVIDER_ERROR_CODES, type VideoProviderErrorCode, type VideoSetting } from './video-provider.error';
export { createVideoProvider, DEFAULT_JITSI_APP_ID, DEFAULT_WHEREBY_API_URL, MIN_VIDEO_SECRET_LENGTH } from './create-video-provider';
export {
  startLocalWherebyServer,
  LOCAL_WHEREBY_ROOM_ORIGIN,
  type LocalWherebyMeeting,
  type LocalWherebyRequest,
  type LocalWherebyServer,
  type LocalWherebyServerOptions,
} from './local-whereby-server';
