export * from './feature-flags';
export * from './roles';
export * from './trust';
export * from './jobs';
export * from './errors';
export * from './text';
export * from './states';
