import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  MetricsService,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { devopsInsightsSourcesExtensionPoint } from '@devops-insights/backstage-plugin-node';
import {
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';
import { statusClass, webhookResult } from './telemetry';

/** Collects on demand: what an exporter would receive at its next export. */
class TestReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}

  /** Every data point of the instrument, by name. */
  async points(name: string): Promise<DataPoint<unknown>[]> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length) throw new AggregateError(errors, 'collection failed');
    return resourceMetrics.scopeMetrics
      .flatMap(s => s.metrics)
      .filter(m => m.descriptor.name === name)
      .flatMap(m => m.dataPoints as DataPoint<unknown>[]);
  }

  /** The names of every instrument that recorded something. */
  async names(): Promise<string[]> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics
      .flatMap(s => s.metrics)
      .filter(m => m.dataPoints.length)
      .map(m => m.descriptor.name)
      .sort();
  }

  /** Every attribute key recorded on any instrument of the plugin's meter. */
  async attributeKeys(): Promise<Set<string>> {
    const { resourceMetrics } = await this.collect();
    const keys = new Set<string>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) {
          for (const key of Object.keys(point.attributes)) keys.add(key);
        }
      }
    }
    return keys;
  }
}

const valueAt = (points: DataPoint<unknown>[], attributes: object) =>
  points.find(p =>
    expect.objectContaining(attributes).asymmetricMatch(p.attributes),
  )?.value;

const countAt = (points: DataPoint<unknown>[], attributes: object) =>
  (valueAt(points, attributes) as Histogram | undefined)?.count;

/** A source that syncs one deployment, one that fails, and a webhook. */
const testSources = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'telemetry-test-sources',
  register(reg) {
    reg.registerInit({
      deps: { sources: devopsInsightsSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'test',
          async sync({ sink, status }) {
            await sink.ingest([
              {
                type: 'deployment',
                source: 'test',
                id: 'synced',
                entityRef: 'checkout',
                environment: 'production',
                status: 'success',
                finishedAt: '2026-01-03T10:00:00Z',
              },
            ]);
            await status.success('acme/repo', { rowsIngested: 1 });
          },
          webhook: {
            async handle({ headers, rawBody }, { sink, deliveries }) {
              if (headers['x-token'] !== 'secret')
                return { status: 401, body: { error: 'unsigned' } };
              if (headers['x-fail']) throw new Error('upstream down');
              if (!(await deliveries.claim(String(headers['x-delivery']))))
                return { status: 200, body: { duplicate: true } };
              const event = JSON.parse(rawBody.toString('utf8'));
              return { status: 200, body: { ...(await sink.ingest([event])) } };
            },
          },
        });
        sources.addSource({
          id: 'scheduled',
          schedule: { frequency: { minutes: 15 }, timeout: { minutes: 10 } },
          async sync() {},
        });
        sources.addSource({
          id: 'broken',
          async sync() {
            throw new Error('the vendor is down');
          },
        });
      },
    });
  },
});

const service = mockCredentials.service.header();
const user = mockCredentials.user.header();
const window = `from=${encodeURIComponent(
  '2026-01-01T00:00:00Z',
)}&to=${encodeURIComponent('2026-01-31T00:00:00Z')}`;

async function startBackend() {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      tasks.push(task);
    }),
  });
  const server = await startPluginBackend({
    features: [
      testSources,
      scheduler.factory,
      createServiceFactory({
        service: metricsServiceRef,
        deps: {},
        factory: (): MetricsService =>
          provider.getMeter('backstage-plugin-devops-insights'),
      }),
    ],
  });
  return { server, reader, tasks };
}

/** Waits for a background effect (the start-up syncs) to show. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 20));
  }
  throw new Error('never happened');
}

describe('telemetry', () => {
  it('classifies webhook answers', () => {
    const cases: Array<[Parameters<typeof webhookResult>[0], string]> = [
      [{ status: 200, body: { ingested: 1 } }, 'accepted'],
      [{ status: 202, body: { ignored: 'a ping' } }, 'accepted'],
      [{ status: 200, body: { duplicate: true } }, 'duplicate'],
      [{ status: 401, body: { error: 'bad signature' } }, 'rejected'],
      [{ status: 400 }, 'rejected'],
      [
        { thrown: Object.assign(new Error('id'), { name: 'InputError' }) },
        'rejected',
      ],
      [{ status: 500, body: { error: 'could not apply' } }, 'failed'],
      [{ thrown: new Error('database down') }, 'failed'],
    ];
    for (const [answer, expected] of cases) {
      expect(webhookResult(answer)).toBe(expected);
    }
  });

  it('classifies statuses', () => {
    expect([200, 204, 304, 400, 404, 503].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
    ]);
  });

  it('records ingestion, reads, webhook deliveries, syncs and the facts cache, without entity attributes', async () => {
    const { server, reader, tasks } = await startBackend();

    // Unscheduled syncs run once after start-up (one completes, one fails);
    // a scheduled one whenever the scheduler runs its task.
    const task = tasks.find(t => t.id === 'devops-insights-source-scheduled');
    await task!.fn(new AbortController().signal as any);
    const syncs = await eventually(async () => {
      const points = await reader.points(
        'devops_insights.sources.sync.duration',
      );
      return points.length === 3 ? points : undefined;
    });
    expect(countAt(syncs, { source: 'test', result: 'completed' })).toBe(1);
    expect(countAt(syncs, { source: 'broken', result: 'failed' })).toBe(1);
    expect(countAt(syncs, { source: 'scheduled', result: 'completed' })).toBe(
      1,
    );
    const [lag] = await reader.points('devops_insights.sources.sync.lag');
    expect(lag.attributes).toEqual({ source: 'test' }); // 'broken' never succeeded
    expect(lag.value).toBeGreaterThanOrEqual(0);
    expect(lag.value).toBeLessThan(60);

    // Ingestion through the events API: counted by type and source.
    const deployment = (id: string) => ({
      type: 'deployment',
      source: 'ci',
      id,
      entityRef: 'checkout',
      environment: 'production',
      status: 'success',
      finishedAt: '2026-01-05T10:00:00Z',
    });
    const incident = {
      type: 'incident',
      source: 'ci',
      id: 'i1',
      entityRef: 'checkout',
      createdAt: '2026-01-05T11:00:00Z',
    };
    const post = (events: unknown[]) =>
      request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', service)
        .send({ events });
    expect(
      (await post([deployment('d1'), deployment('d2'), incident])).status,
    ).toBe(200);
    expect((await post([{ ...incident, createdAt: 'yesterday' }])).status).toBe(
      400,
    );
    const ingested = await reader.points(
      'devops_insights.events.ingested.count',
    );
    expect(valueAt(ingested, { type: 'deployment', source: 'ci' })).toBe(2);
    expect(valueAt(ingested, { type: 'incident', source: 'ci' })).toBe(1);
    expect(valueAt(ingested, { type: 'deployment', source: 'test' })).toBe(1);
    const batches = await reader.points('devops_insights.ingestion.duration');
    // The sync's batch and the API's valid one; the invalid one apart.
    expect(countAt(batches, { result: 'ok' })).toBe(2);
    expect(countAt(batches, { result: 'invalid' })).toBe(1);

    // Reads: by route template and status class.
    const dora = await request(server)
      .get(`/api/devops-insights/v1/dora?entityRef=checkout&${window}`)
      .set('Authorization', user);
    expect(dora.status).toBe(200);
    const bad = await request(server)
      .get('/api/devops-insights/v1/dora?entityRef=checkout&from=banana')
      .set('Authorization', user);
    expect(bad.status).toBe(400);
    const reads = await reader.points('devops_insights.reads.duration');
    expect(reads.map(p => p.attributes)).toEqual(
      expect.arrayContaining([
        { route: '/v1/dora', statusClass: '2xx' },
        { route: '/v1/dora', statusClass: '4xx' },
      ]),
    );
    expect(countAt(reads, { route: '/v1/dora', statusClass: '2xx' })).toBe(1);

    // Webhook deliveries by result; an unknown source is not recorded.
    const deliver = (headers: Record<string, string>, source = 'test') =>
      request(server)
        .post(`/api/devops-insights/v1/webhooks/${source}`)
        .set(headers)
        .send(JSON.stringify({ ...incident, source: 'test', id: 'w1' }));
    expect((await deliver({ 'x-delivery': 'w1' })).status).toBe(401);
    const signed = { 'x-token': 'secret', 'x-delivery': 'w1' };
    expect((await deliver(signed)).status).toBe(200);
    expect((await deliver(signed)).status).toBe(200);
    expect((await deliver({ ...signed, 'x-fail': '1' })).status).toBe(500);
    expect((await deliver(signed, 'no-such-source')).status).toBe(404);
    const deliveries = await reader.points(
      'devops_insights.webhooks.deliveries.count',
    );
    expect(
      Object.fromEntries(deliveries.map(p => [p.attributes.result, p.value])),
    ).toEqual({ rejected: 1, accepted: 1, duplicate: 1, failed: 1 });
    expect(deliveries.every(p => p.attributes.source === 'test')).toBe(true);

    // The facts cache: ingestion derived checkout's facts, the read found them.
    const single = async (name: string) => {
      const points = await reader.points(`devops_insights.facts_cache.${name}`);
      expect(points).toHaveLength(1);
      return points[0].value as number;
    };
    expect(await single('entries')).toBeGreaterThanOrEqual(1);
    expect(await single('size')).toBeGreaterThanOrEqual(0);
    expect(await single('hits.count')).toBeGreaterThanOrEqual(1);
    expect(await single('misses.count')).toBeGreaterThanOrEqual(1);

    // Bounded, non-identifying attributes only: never an entity ref.
    expect([...(await reader.attributeKeys())].sort()).toEqual([
      'result',
      'route',
      'source',
      'statusClass',
      'type',
    ]);

    // docs/operations.md lists exactly the instruments recorded.
    const docs = readFileSync(
      resolve(__dirname, '../../../../docs/operations.md'),
      'utf8',
    );
    const documented = [
      ...new Set(docs.match(/`devops_insights\.[a-z_.]+`/g)),
    ].map(name => name.slice(1, -1));
    expect(documented.sort()).toEqual(await reader.names());
  });
});
