export * from './bands';
export * from './collections';
export * from './dora';
export * from './oncall';
export * from './rows';
export * from './statistics';
export * from './toil';
export * from './weeks';
