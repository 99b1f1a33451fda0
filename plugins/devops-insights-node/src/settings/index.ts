export * from './readSourceSettings';
