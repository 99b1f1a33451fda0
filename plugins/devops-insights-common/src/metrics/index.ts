export * from './bands';
export * from './dora';
export * from './oncall';
export * from './rows';
export * from './statistics';
export * from './toil';
export * from './weeks';
