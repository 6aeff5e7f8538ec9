export type { DemoAccount } from './demo-account';
export { DEMO_CLIENT_ID } from './demo-account';
export type { LocalIdentityProvider, LocalIdentityProviderOptions } from './local-identity-provider';
export { startLocalIdentityProvider } from './local-identity-provider';
export type { SignInClient, TokenGrant } from './sign-in-authority';
export { requestDemoAccessToken } from './demo-access-token';
