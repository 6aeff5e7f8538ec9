export * from './process-modules';
