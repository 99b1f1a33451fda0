import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { createFakeSourceContext } from '../testUtils';
import { readCursorSince } from './cursors';
import { ingestInBatches } from './ingestInBatches';
import { syncTargets } from './syncTargets';

const NOW = Date.parse('2026-03-10T00:00:00Z');
const DAY = 86400_000;

const run = (id: string, startedAt: string): DevopsInsightsEventInput =>
  ({
    type: 'ci-run',
    source: 'test',
    id,
    entityRef: 'component:default/shop',
    name: 'build',
    attempt: 1,
    status: 'success',
    trigger: 'automatic',
    startedAt,
    finishedAt: startedAt,
  } as DevopsInsightsEventInput);

describe('readCursorSince', () => {
  it.each([
    {
      name: 'backfills from now on the first sync',
      cursor: undefined,
      overlapMs: 1000,
      since: '2026-02-08T00:00:00.000Z',
    },
    {
      name: 'returns a cursor as stored without overlap',
      cursor: '2026-03-09T23:00:00Z',
      overlapMs: undefined,
      since: '2026-03-09T23:00:00Z',
    },
    {
      name: 'moves back by the overlap',
      cursor: '2026-03-09T23:00:00Z',
      overlapMs: 48 * 3600_000,
      since: '2026-03-07T23:00:00.000Z',
    },
  ])('$name', async ({ cursor, overlapMs, since }) => {
    const f = createFakeSourceContext({ source: 'test' });
    if (cursor) await f.ctx.cursors.set('k', cursor);
    expect(
      await readCursorSince(f.ctx.cursors, 'k', {
        now: NOW,
        backfillMs: 30 * DAY,
        overlapMs,
      }),
    ).toBe(since);
  });
});

describe('ingestInBatches', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({
    id: `r${i}`,
    at: new Date(NOW - (10 - i) * 60_000).toISOString(),
  }));
  const options = {
    cursorKey: 'runs:x',
    items,
    batchSize: 3,
    load: async (item: (typeof items)[number]) => [run(item.id, item.at)],
    cursorAfter: (batch: typeof items) => batch[batch.length - 1].at,
  };

  it('ingests batch by batch and sets the cursor after each', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const cursorAtIngest: (string | undefined)[] = [];
    const ingest = f.sink.ingest;
    f.ctx.sink = {
      ...f.sink,
      ingest: async events => {
        cursorAtIngest.push(f.cursors.get('runs:x'));
        return ingest(events);
      },
    };
    expect(await ingestInBatches(f.ctx, options)).toBe(7);
    expect(f.ingested.map(b => b.map(e => e.id))).toEqual([
      ['r0', 'r1', 'r2'],
      ['r3', 'r4', 'r5'],
      ['r6'],
    ]);
    // The cursor moves only once the batch it covers is stored.
    expect(cursorAtIngest).toEqual([undefined, items[2].at, items[5].at]);
    expect(f.cursors.get('runs:x')).toBe(items[6].at);
  });

  it('leaves the cursor at the last stored batch when ingesting fails', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    f.failIngestAfter(1);
    await expect(ingestInBatches(f.ctx, options)).rejects.toThrow(
      'database went away',
    );
    expect(f.cursors.get('runs:x')).toBe(items[2].at);
    expect(f.rows.size).toBe(3);
  });

  it('advances the cursor over items without events, ingesting nothing', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const rows = await ingestInBatches(f.ctx, {
      ...options,
      load: async () => [],
    });
    expect(rows).toBe(0);
    expect(f.ingested).toEqual([]);
    expect(f.cursors.get('runs:x')).toBe(items[6].at);
  });

  it('uses 25 items a batch by default', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const many = Array.from({ length: 30 }, (_, i) => ({
      id: `r${i}`,
      at: new Date(NOW - i).toISOString(),
    }));
    await ingestInBatches(f.ctx, {
      ...options,
      items: many,
      batchSize: undefined,
    });
    expect(f.ingested.map(b => b.length)).toEqual([25, 5]);
  });
});

describe('syncTargets', () => {
  const options = {
    noTargetsMessage: 'No entity opted in',
    name: 'Test',
    keyOf: (t: string) => `host/${t}`,
    rateLimitOf: (t: string) => ({
      remaining: t.length,
      limit: 10,
      resetAt: null,
    }),
  };

  it('logs once and reports nothing without targets', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const sync = jest.fn();
    await syncTargets(f.ctx, { ...options, targets: [], sync });
    expect(f.logger.info).toHaveBeenCalledWith('No entity opted in');
    expect(sync).not.toHaveBeenCalled();
    expect(f.statuses).toEqual([]);
  });

  it('reports each target, and a failing one does not stop the others', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    await syncTargets(f.ctx, {
      ...options,
      targets: ['a', 'bad', 'ccc'],
      sync: async t => {
        if (t === 'bad') throw new Error('boom');
        return t.length * 2;
      },
    });
    expect(f.statuses).toEqual([
      {
        target: 'host/a',
        ok: true,
        rows: 2,
        rateLimit: { remaining: 1, limit: 10, resetAt: null },
      },
      {
        target: 'host/bad',
        ok: false,
        error: 'boom',
        rateLimit: { remaining: 3, limit: 10, resetAt: null },
      },
      {
        target: 'host/ccc',
        ok: true,
        rows: 6,
        rateLimit: { remaining: 3, limit: 10, resetAt: null },
      },
    ]);
    expect(f.logger.warn).toHaveBeenCalledWith(
      'Test sync of host/bad failed: Error: boom',
    );
  });

  it('ends the whole sync when aborted', async () => {
    const f = createFakeSourceContext({ source: 'test' });
    const controller = new AbortController();
    const sync = jest.fn(async (t: string) => {
      controller.abort(new Error('shutting down'));
      throw new Error(`${t} aborted`);
    });
    await expect(
      syncTargets(
        { ...f.ctx, signal: controller.signal },
        { ...options, targets: ['a', 'b'], sync },
      ),
    ).rejects.toThrow('a aborted');
    expect(sync).toHaveBeenCalledTimes(1);
    expect(f.statuses).toEqual([]);
  });
});
