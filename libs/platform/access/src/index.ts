export * from './caller';
export * from './access.decorator';
export * from './access.guard';
export * from './current-caller.decorator';
