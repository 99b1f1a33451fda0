import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  DevopsInsightsEventInput,
  EventsResponse,
} from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '@devops-insights/backstage-plugin-node';
import { generateDemoEvents } from './generate';
import {
  createDemoSource,
  DEMO_BATCH_SIZE,
  devopsInsightsModuleDemo,
} from './module';

async function startWith(config: Record<string, unknown>) {
  const addSource = jest.fn<void, [DevopsInsightsSource]>();
  const backend = await startTestBackend({
    extensionPoints: [[devopsInsightsSourcesExtensionPoint, { addSource }]],
    features: [
      devopsInsightsModuleDemo,
      mockServices.rootConfig.factory({ data: config as any }),
    ],
  });
  return { addSource, backend };
}

/** The cursor store and status reporter a sync gets; the demo needs neither cursors. */
function syncContext() {
  const status = {
    success: jest.fn(async () => {}),
    failure: jest.fn(async () => {}),
  };
  const cursors = {
    get: jest.fn(async () => undefined),
    set: jest.fn(async () => {}),
  };
  return { status, cursors, logger: mockServices.logger.mock() };
}

function fakeSink() {
  const batches: DevopsInsightsEventInput[][] = [];
  const ingest = jest.fn(
    async (events: DevopsInsightsEventInput[]): Promise<EventsResponse> => {
      batches.push(events);
      return {
        created: events.length,
        updated: 0,
        unchanged: 0,
        unknownEntityRefs: [],
      };
    },
  );
  // The demo never replaces shifts: its shifts are generated once.
  return { batches, sink: { ingest, replaceShifts: jest.fn() } };
}

describe('devopsInsightsModuleDemo', () => {
  it.each([
    ['no demo config', {}],
    ['enabled: false', { devopsInsights: { demo: { enabled: false } } }],
    [
      'only an anchor',
      { devopsInsights: { demo: { anchor: '2026-01-01T00:00:00Z' } } },
    ],
  ])('registers nothing with %s', async (_name, config) => {
    const { addSource, backend } = await startWith(config);
    expect(addSource).not.toHaveBeenCalled();
    await backend.stop();
  });

  it('registers the demo source without a schedule when enabled', async () => {
    const { addSource, backend } = await startWith({
      devopsInsights: { demo: { enabled: true } },
    });
    expect(addSource).toHaveBeenCalledTimes(1);
    const [source] = addSource.mock.calls[0];
    expect(source.id).toBe('demo');
    expect(source.schedule).toBeUndefined();
    await backend.stop();
  });

  it('ingests the data set of the configured anchor in batches', async () => {
    const anchor = '2026-01-01T00:00:00Z';
    const { addSource, backend } = await startWith({
      devopsInsights: { demo: { enabled: true, anchor } },
    });
    const [source] = addSource.mock.calls[0];
    const { batches, sink } = fakeSink();
    const context = syncContext();
    await source.sync({ ...context, sink });
    await backend.stop();

    expect(context.status.success).toHaveBeenCalledWith('demo organisation', {
      rowsIngested: batches.flat().length,
    });

    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(DEMO_BATCH_SIZE);
    }
    expect(JSON.stringify(batches.flat())).toBe(
      JSON.stringify(generateDemoEvents({ anchor: Date.parse(anchor) })),
    );
  });

  it('fails start-up on an invalid anchor', async () => {
    await expect(
      startWith({
        devopsInsights: { demo: { enabled: true, anchor: 'yesterday' } },
      }),
    ).rejects.toThrow(/devopsInsights\.demo\.anchor/);
  });
});

describe('createDemoSource', () => {
  it('anchors at the start of the current UTC day by default', async () => {
    const source = createDemoSource({
      now: () => Date.parse('2026-02-03T17:45:12.345Z'),
    });
    const { batches, sink } = fakeSink();
    await source.sync({ ...syncContext(), sink });
    expect(JSON.stringify(batches.flat())).toBe(
      JSON.stringify(
        generateDemoEvents({ anchor: Date.parse('2026-02-03T00:00:00Z') }),
      ),
    );
  });

  it('splits large data sets into batches of at most 5000 events', async () => {
    const source = createDemoSource({
      anchor: Date.parse('2026-02-03T00:00:00Z'),
    });
    const { batches, sink } = fakeSink();
    await source.sync({ ...syncContext(), sink });
    const total = batches.reduce((n, b) => n + b.length, 0);
    expect(batches.map(b => b.length)).toEqual(
      Array.from({ length: Math.ceil(total / 5000) }, (_, i) =>
        Math.min(5000, total - i * 5000),
      ),
    );
  });

  it('warns about entities the catalog does not know', async () => {
    const source = createDemoSource({
      anchor: Date.parse('2026-02-03T00:00:00Z'),
    });
    const logger = mockServices.logger.mock();
    await source.sync({
      ...syncContext(),
      logger,
      sink: {
        ...fakeSink().sink,
        ingest: async events => ({
          created: events.length,
          updated: 0,
          unchanged: 0,
          unknownEntityRefs: ['component:default/web-shop'],
        }),
      },
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('component:default/web-shop'),
    );
  });

  it('stops when aborted', async () => {
    const source = createDemoSource({
      anchor: Date.parse('2026-02-03T00:00:00Z'),
    });
    const controller = new AbortController();
    controller.abort();
    const { sink } = fakeSink();
    await expect(
      source.sync({
        ...syncContext(),
        sink,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(sink.ingest).not.toHaveBeenCalled();
  });
});
