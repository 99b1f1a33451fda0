export { readCursorSince } from './cursors';
export { DEFAULT_BATCH_SIZE, ingestInBatches } from './ingestInBatches';
export { syncTargets } from './syncTargets';
