import { createHmac } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { memoryDeliveries, memorySink } from './__testUtils__/fixtures';
import { PagerDutyWebhookHandler, verifyPagerDutySignature } from './webhook';

const OLD = 'old-secret';
const NEW = 'new-secret';
const sign = (secret: string, raw: Buffer) =>
  `v1=${createHmac('sha256', secret).update(raw).digest('hex')}`;

let n = 0;
function body(
  eventType: string,
  occurredAt: string,
  overrides: Record<string, unknown> = {},
) {
  n++;
  return Buffer.from(
    JSON.stringify({
      event: {
        id: `01EVENT${n}`,
        event_type: eventType,
        resource_type: 'incident',
        occurred_at: occurredAt,
        agent: { id: 'PLH1HKV', type: 'user_reference' },
        client: { name: 'PagerDuty' },
        data: {
          id: 'PGR0VU2',
          type: 'incident',
          status: 'triggered',
          title: 'A little bump in the road ✓',
          urgency: 'high',
          created_at: '2020-04-09T15:16:27Z',
          incident_key: 'd3640fbd41094207a1c11e58e46b1662',
          html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
          service: { id: 'PF9KMXH', type: 'service_reference' },
          ...overrides,
        },
      },
    }),
  );
}

function setup(secrets = [OLD]) {
  const sink = memorySink();
  const deliveries = memoryDeliveries();
  const handler = new PagerDutyWebhookHandler({
    secrets,
    entityOfService: async id =>
      id === 'PF9KMXH' ? 'component:default/api' : undefined,
  });
  const logger = mockServices.logger.mock();
  const send = (raw: Buffer, signature?: string) =>
    handler.handle(
      {
        headers:
          signature === undefined ? {} : { 'x-pagerduty-signature': signature },
        rawBody: raw,
      },
      { sink, logger, deliveries },
    );
  return { sink, deliveries, send };
}

describe('verifyPagerDutySignature', () => {
  const raw = body('incident.triggered', '2020-10-02T18:45:22Z');

  it('accepts any matching v1 signature, e.g. two during a rotation', () => {
    const header = `${sign(NEW, raw)},${sign(OLD, raw)}`;
    expect(verifyPagerDutySignature(raw, header, [OLD])).toBe(true);
    expect(verifyPagerDutySignature(raw, header, [NEW])).toBe(true);
    expect(verifyPagerDutySignature(raw, header, ['third'])).toBe(false);
  });

  it('rejects other versions, malformed hex and missing secrets', () => {
    const good = sign(OLD, raw).slice(3);
    expect(verifyPagerDutySignature(raw, `v0=${good}`, [OLD])).toBe(false);
    expect(verifyPagerDutySignature(raw, `v1=${good.slice(2)}`, [OLD])).toBe(
      false,
    );
    expect(verifyPagerDutySignature(raw, `v1=${good}`, [])).toBe(false);
    expect(verifyPagerDutySignature(raw, undefined, [OLD])).toBe(false);
  });
});

describe('PagerDutyWebhookHandler', () => {
  it('applies a signed triggered event to the mapped entity', async () => {
    const { send, sink } = setup();
    const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
    const response = await send(raw, sign(OLD, raw));
    expect(response.status).toBe(202);
    expect(sink.events('incident')).toEqual([
      expect.objectContaining({
        id: 'PGR0VU2',
        entityRef: 'component:default/api',
        createdAt: '2020-04-09T15:16:27.000Z',
        title: 'A little bump in the road ✓',
      }),
    ]);
  });

  it('accepts a delivery signed with both secrets during rotation, whichever is configured', async () => {
    for (const secrets of [[OLD], [NEW], [NEW, OLD]]) {
      const { send, sink } = setup(secrets);
      const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
      expect(
        (await send(raw, `${sign(NEW, raw)},${sign(OLD, raw)}`)).status,
      ).toBe(202);
      expect(sink.store.size).toBe(1);
    }
  });

  it('answers 401 and stores nothing for unsigned, mis-signed or tampered deliveries', async () => {
    const { send, sink, deliveries } = setup();
    const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
    const tampered = Buffer.from(raw.toString().replace('high', 'low'));
    expect((await send(raw)).status).toBe(401);
    expect((await send(raw, sign('wrong', raw))).status).toBe(401);
    expect((await send(tampered, sign(OLD, raw))).status).toBe(401);
    expect(sink.calls).toHaveLength(0);
    expect(deliveries.claimed.size).toBe(0);
  });

  it('ignores a re-delivery of the same event id', async () => {
    const { send, sink } = setup();
    const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
    expect((await send(raw, sign(OLD, raw))).status).toBe(202);
    const again = await send(raw, sign(OLD, raw));
    expect(again).toEqual({
      status: 200,
      body: { duplicate: expect.any(String) },
    });
    expect(sink.calls).toHaveLength(1);
  });

  it('releases the delivery when storing fails, so the retry is applied', async () => {
    const { send, sink, deliveries } = setup();
    const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
    sink.failNextIngest();
    expect((await send(raw, sign(OLD, raw))).status).toBe(500);
    expect(deliveries.claimed.size).toBe(0);
    expect((await send(raw, sign(OLD, raw))).status).toBe(202);
    expect(sink.store.size).toBe(1);
  });

  it('hands each event to the sink as of its occurred_at; only acknowledged names an acknowledgement', async () => {
    // The store orders them (updatedAt) and keeps the first acknowledgement:
    // see convergence.test.ts for the stored rows.
    const { send, sink } = setup();
    for (const raw of [
      body('incident.acknowledged', '2020-10-02T18:00:00Z', {
        status: 'acknowledged',
      }),
      body('incident.reassigned', '2020-10-02T18:10:00Z', {
        status: 'acknowledged',
      }),
      body('incident.resolved', '2020-10-02T18:45:22Z', { status: 'resolved' }),
    ]) {
      expect((await send(raw, sign(OLD, raw))).status).toBe(202);
    }
    expect(sink.calls.flat()).toEqual([
      expect.objectContaining({
        updatedAt: '2020-10-02T18:00:00.000Z',
        acknowledgedAt: '2020-10-02T18:00:00.000Z',
      }),
      expect.not.objectContaining({ acknowledgedAt: expect.anything() }),
      expect.objectContaining({
        updatedAt: '2020-10-02T18:45:22.000Z',
        resolvedAt: '2020-10-02T18:45:22.000Z',
        autoResolved: false,
      }),
    ]);
    expect(sink.calls.flat()[2]).not.toHaveProperty('acknowledgedAt');
  });

  it('ignores other event types and unmapped services without storing', async () => {
    const { send, sink } = setup();
    const note = body('incident.annotated', '2020-10-02T18:45:22Z');
    expect((await send(note, sign(OLD, note))).status).toBe(202);
    const other = body('incident.triggered', '2020-10-02T18:45:22Z', {
      service: { id: 'POTHER', type: 'service_reference' },
    });
    expect(await send(other, sign(OLD, other))).toEqual({
      status: 202,
      body: { ignored: 'service not mapped to an entity' },
    });
    expect(sink.calls).toHaveLength(0);
  });

  describe('a delivery that can never be stored answers 400 (PagerDuty does not retry 4xx) and stores nothing', () => {
    const cases: Array<[string, () => Buffer, string]> = [
      [
        'unparseable occurred_at',
        () => body('incident.resolved', 'yesterday at noon'),
        'event.occurred_at',
      ],
      [
        'occurred_at out of range',
        () => body('incident.resolved', '2020-13-45T99:00:00Z'),
        'event.occurred_at',
      ],
      [
        'a 300-character event id',
        () => {
          const raw = JSON.parse(
            body('incident.triggered', '2020-10-02T18:45:22Z').toString(),
          );
          raw.event.id = 'E'.repeat(300);
          return Buffer.from(JSON.stringify(raw));
        },
        'event.id',
      ],
      [
        'a 300-character incident id',
        () =>
          body('incident.triggered', '2020-10-02T18:45:22Z', {
            id: 'P'.repeat(300),
          }),
        'event.data.id',
      ],
      [
        'an unparseable created_at',
        () =>
          body('incident.triggered', '2020-10-02T18:45:22Z', {
            created_at: 'not a time',
          }),
        'event.data.created_at',
      ],
    ];
    it.each(cases)('%s', async (_name, make, path) => {
      const { send, sink, deliveries } = setup();
      const raw = make();
      const response = await send(raw, sign(OLD, raw));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ invalid: { path } });
      expect(sink.calls).toHaveLength(0);
      expect(deliveries.claimed.size).toBe(0);
    });
  });

  it('answers 400 to a payload of unexpected shape, which no retry would read', async () => {
    const { send, sink, deliveries } = setup();
    for (const overrides of [{ title: 42 }, { incident_key: { a: 1 } }]) {
      const raw = body('incident.triggered', '2020-10-02T18:45:22Z', overrides);
      expect((await send(raw, sign(OLD, raw))).status).toBe(400);
    }
    expect(sink.calls).toHaveLength(0);
    expect(deliveries.claimed.size).toBe(0);
  });

  it('answers 400 when the sink refuses the event as invalid, 500 only when storing fails', async () => {
    const { send, sink, deliveries } = setup();
    const refuse = Object.assign(new Error('1 validation error(s)'), {
      name: 'InputError',
      errors: [{ index: 0, path: 'entityRef', message: 'too long' }],
    });
    const ingest = sink.ingest;
    sink.ingest = async () => {
      throw refuse;
    };
    const raw = body('incident.triggered', '2020-10-02T18:45:22Z');
    expect(await send(raw, sign(OLD, raw))).toEqual({
      status: 400,
      body: {
        error: 'the event does not validate',
        errors: refuse.errors,
      },
    });
    expect(deliveries.claimed.size).toBe(0);
    sink.ingest = ingest;
    sink.failNextIngest();
    const other = body('incident.triggered', '2020-10-02T18:45:22Z');
    expect((await send(other, sign(OLD, other))).status).toBe(500);
  });

  it('answers 400 to a signed body that is not a v3 event', async () => {
    const { send } = setup();
    const raw = Buffer.from('{"messages":[]}');
    expect((await send(raw, sign(OLD, raw))).status).toBe(400);
  });
});
