export * from './caller';
export * from './ability';
export * from './role-permissions';
export * from './access.decorator';
export * from './access.guard';
export * from './current-caller.decorator';
export * from './assert-can';
export * from './failed-attempt-limiter';
