import { DevopsInsightsCursorStore } from '../sources';

/**
 * Where an incremental read starts: `overlapMs` before the stored cursor
 * (to re-read what may have changed at its edge), or `backfillMs` before
 * now on the first sync. Without an overlap the cursor is returned as
 * stored.
 * @public
 */
export async function readCursorSince(
  cursors: DevopsInsightsCursorStore,
  key: string,
  options: { now: number; backfillMs: number; overlapMs?: number },
): Promise<string> {
  const cursor = await cursors.get(key);
  if (cursor === undefined) {
    return new Date(options.now - options.backfillMs).toISOString();
  }
  return options.overlapMs
    ? new Date(Date.parse(cursor) - options.overlapMs).toISOString()
    : cursor;
}
