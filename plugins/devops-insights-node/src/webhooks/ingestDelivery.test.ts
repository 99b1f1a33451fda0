import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { createFakeSourceContext } from '../testUtils';
import { ingestWebhookDelivery, webhookHeader } from './ingestDelivery';

const event = {
  type: 'ci-run',
  source: 'test',
  id: 'acme/shop#1#1',
  entityRef: 'component:default/shop',
  name: 'build',
  attempt: 1,
  status: 'success',
  trigger: 'automatic',
  startedAt: '2026-03-01T10:00:00Z',
  finishedAt: '2026-03-01T10:05:00Z',
} as DevopsInsightsEventInput;

const request = (body: string | object) => ({
  headers: { 'x-id': ['d-1', 'd-2'], 'x-kind': 'run' },
  rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

function setup() {
  const f = createFakeSourceContext({ source: 'test' });
  return { f, context: { ...f.ctx, deliveries: f.deliveries } };
}

describe('webhookHeader', () => {
  it.each([
    ['x-id', 'd-1'],
    ['x-kind', 'run'],
    ['x-none', undefined],
  ])('%s → %s', (name, value) => {
    expect(webhookHeader(request({}), name)).toBe(value);
  });
});

describe('ingestWebhookDelivery', () => {
  it.each<{
    name: string;
    body: string | object;
    result: DevopsInsightsEventInput[] | { ignored: string | undefined };
    answer: { status: number; body: Record<string, unknown> };
    rows: number;
  }>([
    {
      name: 'ingests the events',
      body: { run: 1 },
      result: [event],
      answer: {
        status: 200,
        body: {
          ingested: 1,
          created: 1,
          updated: 0,
          unchanged: 0,
          unknownEntityRefs: [],
        },
      },
      rows: 1,
    },
    {
      name: 'acknowledges a delivery without events',
      body: { run: 1 },
      result: [],
      answer: { status: 200, body: { ingested: 0 } },
      rows: 0,
    },
    {
      name: 'ignores what eventsOf declines',
      body: { run: 1 },
      result: { ignored: 'no entity' },
      answer: { status: 202, body: { ignored: 'no entity' } },
      rows: 0,
    },
    {
      name: 'rejects a body that is no JSON',
      body: '{nope',
      result: [event],
      answer: { status: 400, body: { error: 'body is not JSON' } },
      rows: 0,
    },
  ])('$name', async ({ body, result, answer, rows }) => {
    const { f, context } = setup();
    const eventsOf = jest.fn(async () => result);
    expect(
      await ingestWebhookDelivery(request(body), context, {
        deliveryId: 'd-1',
        describe: 'Test webhook d-1',
        eventsOf,
      }),
    ).toEqual(answer);
    expect(f.rows.size).toBe(rows);
  });

  it('hands the parsed payload to eventsOf and processes a delivery once', async () => {
    const { f, context } = setup();
    const eventsOf = jest.fn(async () => [event]);
    const options = { deliveryId: 'd-1', describe: 'Test webhook', eventsOf };
    await ingestWebhookDelivery(request({ run: 1 }), context, options);
    expect(
      await ingestWebhookDelivery(request({ run: 1 }), context, options),
    ).toEqual({ status: 200, body: { duplicate: true } });
    expect(eventsOf.mock.calls).toEqual([[{ run: 1 }, expect.any(Function)]]);
    expect(f.ingested).toHaveLength(1);
  });

  it('releases the delivery, logs and rethrows when handling fails', async () => {
    const { f, context } = setup();
    const options = {
      deliveryId: 'd-1',
      describe: 'Test webhook run d-1',
      eventsOf: async () => [event],
    };
    f.failIngestAfter(0);
    await expect(
      ingestWebhookDelivery(request({}), context, options),
    ).rejects.toThrow('database went away');
    expect(f.logger.error).toHaveBeenCalledWith(
      'Test webhook run d-1 failed',
      expect.any(Error),
    );
    f.failIngestAfter(Infinity);
    expect(
      await ingestWebhookDelivery(request({}), context, options),
    ).toMatchObject({ status: 200, body: { ingested: 1 } });
  });

  it("hands eventsOf an enricher that stores the payload's event, logged under the delivery, when the API fails", async () => {
    const { f, context } = setup();
    const answer = await ingestWebhookDelivery(request({}), context, {
      deliveryId: 'd-2',
      describe: 'Test webhook run d-2',
      eventsOf: async (_payload, enriched) => [
        await enriched(event, async () => {
          throw new Error('API down');
        }),
        await enriched(event, async () => ({ ...event, id: 'acme/shop#2#1' })),
      ],
    });
    expect(answer).toMatchObject({ status: 200, body: { ingested: 2 } });
    expect([...f.rows.values()].map(e => e.id).sort()).toEqual([
      'acme/shop#1#1',
      'acme/shop#2#1',
    ]);
    expect(f.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Test webhook run d-2: stored from the payload alone, .*\(API down\)/,
      ),
    );
  });
});
