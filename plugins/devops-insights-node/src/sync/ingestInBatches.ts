import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsSyncContext } from '../sources';

/**
 * Items handed to the sink at a time by {@link ingestInBatches}.
 * @public
 */
export const DEFAULT_BATCH_SIZE = 25;

/**
 * Loads items in order, a batch at a time, hands each batch's events to the
 * sink and only then sets the cursor to `cursorAfter(batch)`: a crash
 * mid-sync resumes at the last stored batch, without loss and (ingestion
 * being idempotent) without duplicates. Returns the events ingested.
 * @public
 */
export async function ingestInBatches<T>(
  ctx: Pick<DevopsInsightsSyncContext, 'sink' | 'cursors'>,
  options: {
    /** The cursor this listing advances. */
    cursorKey: string;
    /** In the order the cursor moves (usually oldest first). */
    items: T[];
    /** The events of one item; loaded one item after the other. */
    load(item: T): Promise<DevopsInsightsEventInput[]>;
    /** The cursor once `batch` is stored, e.g. the last item's time. */
    cursorAfter(batch: T[]): string;
    batchSize?: number;
  },
): Promise<number> {
  const { items, batchSize = DEFAULT_BATCH_SIZE } = options;
  let rows = 0;
  for (let i = 0; i < items.length; i += batchSize) {
    const batch = items.slice(i, i + batchSize);
    const events: DevopsInsightsEventInput[] = [];
    for (const item of batch) events.push(...(await options.load(item)));
    if (events.length) await ctx.sink.ingest(events);
    rows += events.length;
    await ctx.cursors.set(options.cursorKey, options.cursorAfter(batch));
  }
  return rows;
}
