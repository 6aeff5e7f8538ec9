export * from './entra-token.verifier';
export * from './token-refusal.recorder';
export * from './secret-box';
