export * from './setting-fields';
export * from './ward.setting';
export * from './branding.setting';
export * from './video.setting';
export * from './messaging.setting';
export * from './flags.setting';
export * from './retention.setting';
export * from './identity.setting';
