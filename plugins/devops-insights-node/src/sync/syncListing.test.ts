import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { createFakeSourceContext } from '../testUtils';
import { syncListing } from './syncListing';

const NOW = Date.parse('2026-03-10T00:00:00Z');
const DAY = 86400_000;

type Item = { id: string; updatedAt: string };

const event = (item: Item): DevopsInsightsEventInput =>
  ({
    type: 'ci-run',
    source: 'test',
    id: item.id,
    entityRef: 'component:default/shop',
    name: 'build',
    attempt: 1,
    status: 'success',
    trigger: 'automatic',
    startedAt: item.updatedAt,
    finishedAt: item.updatedAt,
  } as DevopsInsightsEventInput);

/** A listing that answers the items updated at or after `since`, oldest first. */
function listing(items: Item[]) {
  const asked: string[] = [];
  return {
    asked,
    list: async (since: string) => {
      asked.push(since);
      return items.filter(i => Date.parse(i.updatedAt) >= Date.parse(since));
    },
  };
}

const items = Array.from({ length: 5 }, (_, i) => ({
  id: `p${i}`,
  updatedAt: new Date(NOW - (5 - i) * 3600_000).toISOString(),
}));

const options = (list: (since: string) => Promise<Item[]>) => ({
  cursorKey: 'pipelines:x',
  since: { now: NOW, backfillMs: 30 * DAY, overlapMs: 1000 },
  list,
  load: async (item: Item) => [event(item)],
  cursorAfter: (batch: Item[]) => batch[batch.length - 1].updatedAt,
  batchSize: 2,
});

describe('syncListing', () => {
  it('backfills on the first sync and re-reads only the overlap after it', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const l = listing(items);
    expect(await syncListing(f.ctx, options(l.list))).toBe(5);
    expect(f.ingested.map(b => b.map(e => e.id))).toEqual([
      ['p0', 'p1'],
      ['p2', 'p3'],
      ['p4'],
    ]);
    expect(f.cursors.get('pipelines:x')).toBe(items[4].updatedAt);

    // The cursor's own item comes back through the overlap, idempotently.
    expect(await syncListing(f.ctx, options(l.list))).toBe(1);
    expect(l.asked).toEqual([
      new Date(NOW - 30 * DAY).toISOString(),
      new Date(Date.parse(items[4].updatedAt) - 1000).toISOString(),
    ]);
  });

  it('resumes at the last stored batch after a failure', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const l = listing(items);
    f.failIngestAfter(1);
    await expect(syncListing(f.ctx, options(l.list))).rejects.toThrow(
      'database went away',
    );
    expect(f.cursors.get('pipelines:x')).toBe(items[1].updatedAt);

    f.failIngestAfter(Infinity);
    await syncListing(f.ctx, options(l.list));
    expect(f.rows.size).toBe(5);
    expect(l.asked[1]).toBe(
      new Date(Date.parse(items[1].updatedAt) - 1000).toISOString(),
    );
  });
});
