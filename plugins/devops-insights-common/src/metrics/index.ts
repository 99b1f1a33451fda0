export * from './bands';
export * from './dora';
export * from './rows';
export * from './statistics';
export * from './weeks';
