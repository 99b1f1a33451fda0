export { readCursorSince } from './cursors';
export { DEFAULT_BATCH_SIZE, ingestInBatches } from './ingestInBatches';
export { syncListing } from './syncListing';
export { syncTargets } from './syncTargets';
