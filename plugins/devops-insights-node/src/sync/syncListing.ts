import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsSyncContext } from '../sources';
import { readCursorSince } from './cursors';
import { ingestInBatches } from './ingestInBatches';

/**
 * One incremental read of one listing (a repository's deployments, a
 * project's pipelines) behind a time cursor: reads where to start
 * ({@link readCursorSince}), lists what changed since, then loads and
 * ingests it in batches, setting the cursor after each
 * ({@link ingestInBatches}). Listing first and loading after keeps the
 * window in which the listing can shift small. Returns the events ingested.
 * @public
 */
export async function syncListing<T>(
  ctx: Pick<DevopsInsightsSyncContext, 'sink' | 'cursors'>,
  options: {
    cursorKey: string;
    /** Where the first sync starts and how far behind the cursor to re-read. */
    since: { now: number; backfillMs: number; overlapMs?: number };
    /** The items since `since` (ISO-8601), in the order the cursor moves. */
    list(since: string): Promise<T[]>;
    /** The events of one item; loaded one item after the other. */
    load(item: T): Promise<DevopsInsightsEventInput[]>;
    /** The cursor once `batch` is stored, e.g. the last item's time. */
    cursorAfter(batch: T[]): string;
    batchSize?: number;
  },
): Promise<number> {
  const since = await readCursorSince(
    ctx.cursors,
    options.cursorKey,
    options.since,
  );
  return ingestInBatches(ctx, {
    cursorKey: options.cursorKey,
    items: await options.list(since),
    load: options.load,
    cursorAfter: options.cursorAfter,
    batchSize: options.batchSize,
  });
}
