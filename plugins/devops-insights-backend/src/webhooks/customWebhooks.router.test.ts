import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import {
  hmacHex,
  startWithWebhooks,
  storedRows,
} from '../__testUtils__/webhooks';

/**
 * A mapping written only in configuration, the dry run, a webhook disabled
 * by its configuration, and 1 000 malformed or hostile deliveries (bad
 * signatures and tokens, huge bodies, bodies that are not JSON, mappings
 * that loop or produce invalid events): never a 5xx, nothing stored, on
 * SQLite and PostgreSQL.
 */
jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const service = mockCredentials.service.header();
const SECRET = 'acme-hmac-secret';

/** A deploy tool nobody wrote a module for, mapped in config alone. */
const ACME_MAPPING = `{
  "type": "deployment",
  "source": "acme",
  "id": deploy.id,
  "entityRef": deploy.service,
  "environment": deploy.target,
  "status": deploy.ok ? "success" : "failure",
  "finishedAt": deploy.done_at,
  "commitSha": deploy.sha
}`;

const webhooks = {
  acme: {
    mapping: ACME_MAPPING,
    auth: {
      hmac: {
        secret: SECRET,
        header: 'X-Acme-Signature',
        algorithm: 'sha256',
        prefix: 'sha256=',
      },
    },
    deliveryIdHeader: 'X-Acme-Delivery',
  },
  loop: {
    mapping: '($f := function($x) { $f($x + 1) }; $f(0))',
    auth: { token: { secret: 'loop-token', header: 'X-Token' } },
    timeoutMs: 20,
  },
  tiny: {
    preset: 'jenkins',
    auth: { token: { secret: 'tiny-token', header: 'X-Token' } },
    maxBodyBytes: 200,
  },
  broken: {
    mapping: '{ "type": ',
    auth: { token: { secret: 'broken-token', header: 'X-Token' } },
  },
};

const acmePayload = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    deploy: {
      id: 'd-1',
      service: 'checkout',
      target: 'production',
      ok: true,
      done_at: '2026-11-26T10:00:00Z',
      sha: 'abc123',
      ...over,
    },
  });

const postAcme = (server: any, body: string, headers = {}) =>
  request(server)
    .post('/api/devops-insights/v1/webhooks/custom/acme')
    .set('Content-Type', 'application/json')
    .set({
      'X-Acme-Signature': `sha256=${hmacHex(
        'sha256',
        SECRET,
        Buffer.from(body),
      )}`,
      ...headers,
    })
    .send(body);

describe('configured webhooks', () => {
  it.each(databases.eachSupportedId())(
    'a mapping from config alone, the dry run and a broken webhook, on %p',
    async databaseId => {
      const { knex, server } = await startWithWebhooks(
        databases,
        databaseId,
        webhooks,
      );
      const stored = await postAcme(server, acmePayload(), {
        'X-Acme-Delivery': 'one',
      }).expect(200);
      expect(stored.body).toMatchObject({ ingested: 1, created: 1 });
      const [row] = await knex('deployments').where({ source: 'acme' });
      expect(row).toMatchObject({
        external_id: 'd-1',
        entity_ref: 'component:default/checkout',
        environment: 'production',
        status: 'success',
        commit_sha: 'abc123',
      });
      // A redelivery is recognised by its id.
      const again = await postAcme(server, acmePayload(), {
        'X-Acme-Delivery': 'one',
      }).expect(200);
      expect(again.body).toEqual({ duplicate: true });

      // An invalid event: 400 naming the field and the event, nothing stored.
      const invalid = await postAcme(
        server,
        acmePayload({ id: 'd-2', done_at: 'yesterday' }),
      ).expect(400);
      expect(invalid.body.errors).toEqual([
        expect.objectContaining({ index: 0, path: 'finishedAt' }),
      ]);
      expect(invalid.body.offendingEvents).toEqual([
        { index: 0, event: expect.objectContaining({ id: 'd-2' }) },
      ]);
      const signed = await postAcme(server, acmePayload({ id: 'd-3' }), {
        'X-Acme-Signature': `sha256=${'0'.repeat(64)}`,
      }).expect(401);
      expect(signed.body.error.message).toBe('signature mismatch');
      expect(await storedRows(knex)).toBe(1);

      // A mapping that does not compile disables its webhook alone.
      const broken = await request(server)
        .post('/api/devops-insights/v1/webhooks/custom/broken')
        .set('X-Token', 'broken-token')
        .send('{}')
        .expect(503);
      expect(broken.body.error.message).toContain('configuration error');
      await request(server)
        .post('/api/devops-insights/v1/webhooks/custom/nobody')
        .send('{}')
        .expect(404);

      const { body } = await request(server)
        .get('/api/devops-insights/v1/sources')
        .set('Authorization', service)
        .expect(200);
      const status = (name: string) =>
        body.sources.find(
          (s: { source: string }) => s.source === `webhook:${name}`,
        );
      expect(status('acme')).toMatchObject({
        rowsIngested: 1,
        lastError: { message: '401: signature mismatch' },
        deliveries: { accepted: 2, rejected: 2 },
      });
      expect(status('acme').deliveries.lastAt).toEqual(expect.any(String));
      expect(status('broken').lastError.message).toContain(
        'JSONata syntax error',
      );
      expect(status('tiny')).toMatchObject({
        lastError: null,
        deliveries: { accepted: 0, rejected: 0, lastAt: null },
      });

      // The dry run: a mapping of one's own, a preset, a configured webhook.
      const dryRun = (payload: object, auth = service) =>
        request(server)
          .post('/api/devops-insights/v1/webhook-mappings/dry-run')
          .set('Authorization', auth)
          .send(payload);
      const own = await dryRun({
        mapping: ACME_MAPPING,
        payload: JSON.parse(acmePayload({ id: 'dry' })),
      }).expect(200);
      expect(own.body.events).toEqual([
        expect.objectContaining({ id: 'dry', type: 'deployment' }),
      ]);
      const configured = await dryRun({
        webhook: 'acme',
        payload: JSON.parse(acmePayload({ ok: false, target: '' })),
      }).expect(400);
      expect(configured.body.errors).toEqual([
        expect.objectContaining({ path: 'environment' }),
      ]);
      const preset = await dryRun({
        preset: 'jenkins',
        payload: { name: 'x', build: { phase: 'QUEUED' } },
      }).expect(200);
      expect(preset.body).toEqual({
        events: [],
        ignored: 'the mapping produced no event for this payload',
      });
      const syntax = await dryRun({ mapping: '{', payload: {} }).expect(400);
      expect(syntax.body.error.message).toContain('JSONata syntax error');
      await dryRun({ mapping: ACME_MAPPING, payload: {} }, '').expect(401);
      await dryRun({ payload: {} }).expect(400);
      // Users may dry-run too.
      await dryRun(
        { mapping: ACME_MAPPING, payload: {} },
        mockCredentials.user.header(),
      ).expect(400);
      expect(await storedRows(knex)).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'the dry run needs devops-insights.events.create, on %p',
    async databaseId => {
      const { server } = await startWithWebhooks(
        databases,
        databaseId,
        webhooks,
        {
          deny: true,
        },
      );
      const denied = await request(server)
        .post('/api/devops-insights/v1/webhook-mappings/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({ preset: 'argocd', payload: {} });
      expect(denied.status).toBe(403);
    },
  );

  type Hostile = { kind: string; seed: string; size: number };
  const KINDS = [
    'bad signature',
    'no signature',
    'huge body',
    'over a small limit',
    'not JSON',
    'invalid event',
    'not an event',
    'mapping loops',
    'wrong token',
    'unknown webhook',
  ];
  const hostile: fc.Arbitrary<Hostile> = fc.record({
    kind: fc.constantFrom(...KINDS),
    seed: fc.string({ unit: 'binary', maxLength: 30 }),
    size: fc.integer({ min: 0, max: 3 }),
  });

  function send(server: any, { kind, seed, size }: Hostile) {
    const post = (name: string) =>
      request(server)
        .post(`/api/devops-insights/v1/webhooks/custom/${name}`)
        .set('Content-Type', 'application/json');
    switch (kind) {
      case 'bad signature':
        return post('acme')
          .set(
            'X-Acme-Signature',
            `sha256=${Buffer.from(seed).toString('hex')}`,
          )
          .send(acmePayload({ id: seed || 'x' }));
      case 'no signature':
        return post('acme').send(acmePayload());
      case 'huge body': {
        const body = `{"deploy":{"id":"${'x'.repeat(1024 * 1024 + size)}"}}`;
        return postAcme(server, body);
      }
      case 'over a small limit':
        return post('tiny')
          .set('X-Token', 'tiny-token')
          .send(JSON.stringify({ name: seed, pad: 'y'.repeat(200 + size) }));
      case 'not JSON':
        return postAcme(server, `${seed}{`);
      case 'invalid event':
        return postAcme(
          server,
          acmePayload(
            [
              { id: seed.length ? `${seed}\u0000` : '' },
              { service: '' },
              { target: seed.length > 200 ? seed : 'x'.repeat(201) },
              { done_at: seed || 'soon' },
            ][size],
          ),
        );
      case 'not an event':
        return postAcme(server, JSON.stringify([seed, size]));
      case 'mapping loops':
        return post('loop').set('X-Token', 'loop-token').send('{}');
      case 'wrong token':
        return post(['loop', 'tiny'][size % 2])
          .set('X-Token', `${Buffer.from(seed).toString('hex')}x`)
          .send('{}');
      default:
        return post(`nobody-${size}`).send('{}');
    }
  }

  it.each(databases.eachSupportedId())(
    '1 000 hostile deliveries: never a 5xx, nothing stored, on %p',
    async databaseId => {
      const { knex, server } = await startWithWebhooks(
        databases,
        databaseId,
        webhooks,
      );
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(hostile, async delivery => {
          const res = await send(server, delivery);
          seen.add(delivery.kind);
          expect([
            delivery.kind,
            res.status >= 400 && res.status < 500,
          ]).toEqual([delivery.kind, true]);
        }),
        {
          numRuns: 1000,
          // Every kind runs whatever the draw.
          examples: KINDS.map(kind => [{ kind, seed: 'a', size: 1 }]),
        },
      );
      expect([...seen].sort()).toEqual([...KINDS].sort());
      expect(await storedRows(knex)).toBe(0);
      const { body } = await request(server)
        .get('/api/devops-insights/v1/sources')
        .set('Authorization', service);
      const acme = body.sources.find(
        (s: { source: string }) => s.source === 'webhook:acme',
      );
      expect(acme.deliveries.accepted).toBe(0);
      expect(acme.deliveries.rejected).toBeGreaterThan(0);
    },
  );
});
