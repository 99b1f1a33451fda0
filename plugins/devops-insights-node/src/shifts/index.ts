export * from './shiftReplacement';
