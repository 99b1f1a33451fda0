import { createHmac } from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The end-to-end test needs the real plugin the module extends (dev dependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsBackend from '@devops-insights/backstage-plugin-backend';
import request from 'supertest';
import { FakePagerDuty } from './__testUtils__/fakePagerDuty';
import {
  DAY,
  fillScenario,
  HOUR,
  scenarioEntities,
} from './__testUtils__/scenario';
import { devopsInsightsModulePagerDuty } from './module';

// Starting a backend takes seconds on a loaded machine.
jest.setTimeout(60_000);

const SECRET = 'whsec-current';
const fake = new FakePagerDuty();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/**
 * The whole path: the backend plugin, this module, a catalog and the fake
 * PagerDuty; sync through the scheduler, then the DORA API; then webhooks
 * through the plugin's unauthenticated route.
 */
describe('PagerDuty source end to end', () => {
  it('syncs into DORA time to restore, reports status, and applies signed webhooks', async () => {
    const now = Date.now();
    fillScenario(fake, now);
    const backend = await startTestBackend({
      features: [
        devopsInsightsBackend,
        devopsInsightsModulePagerDuty,
        // Runs the scheduled sync (despite its initial delay) during start-up.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: scenarioEntities }),
        mockServices.rootConfig.factory({
          data: {
            pagerDuty: { apiToken: fake.token, apiBaseUrl: fake.baseUrl },
            devopsInsights: {
              pagerDuty: {
                backfillDays: 30,
                webhookSecrets: ['whsec-old', SECRET],
              },
            },
          },
        }),
      ],
    });
    const server = backend.server;
    try {
      const user = mockCredentials.user.header();
      const window = `from=${new Date(
        now - 31 * DAY,
      ).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
      const dora = async () =>
        (
          await request(server)
            .get(
              `/api/devops-insights/v1/dora?entityRef=component:default/checkout&${window}`,
            )
            .set('Authorization', user)
        ).body;

      // checkout: high-urgency PINC04/05/08/13 resolved, each after one hour
      // (PINC09/12 are low urgency, which DORA leaves out).
      expect((await dora()).timeToRestore).toMatchObject({
        incidents: 4,
        medianSeconds: 3600,
      });

      const sources = await request(server)
        .get('/api/devops-insights/v1/sources')
        .set('Authorization', user);
      expect(sources.body.sources).toEqual([
        expect.objectContaining({
          source: 'pagerduty',
          target: 'default',
          lastError: null,
          rateLimit: expect.objectContaining({ limit: 960, remaining: 900 }),
        }),
      ]);
      expect(sources.body.sources[0].rowsIngested).toBeGreaterThan(0);

      const created = new Date(now - 3 * HOUR).toISOString();
      const payload = (id: string, type: string, occurredAt: string) =>
        Buffer.from(
          JSON.stringify({
            event: {
              id,
              event_type: type,
              resource_type: 'incident',
              occurred_at: occurredAt,
              agent: { id: 'PEARL', type: 'user_reference' },
              data: {
                id: 'PHOOK',
                type: 'incident',
                status: type === 'incident.resolved' ? 'resolved' : 'triggered',
                title: 'Checkout down',
                urgency: 'high',
                created_at: created,
                service: { id: 'PSVC2', type: 'service_reference' },
              },
            },
          }),
        );
      const post = (body: Buffer, signature: string) =>
        request(server)
          .post('/api/devops-insights/v1/webhooks/pagerduty')
          .set({
            'Content-Type': 'application/json',
            'X-PagerDuty-Signature': signature,
          })
          // A string: superagent would JSON-encode a Buffer under this content type.
          .send(body.toString('utf8'));
      const sign = (body: Buffer) =>
        `v1=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

      const triggered = payload('E1', 'incident.triggered', created);
      const first = await post(triggered, sign(triggered));
      expect(first.body).toEqual({
        applied: 'incident.triggered',
        incidentId: 'PHOOK',
      });
      expect(first.status).toBe(202);
      const resolved = payload(
        'E2',
        'incident.resolved',
        new Date(now - HOUR).toISOString(),
      );
      const tampered = Buffer.from(
        resolved.toString().replace('PHOOK', 'PHACK'),
      );
      expect((await post(tampered, sign(resolved))).status).toBe(401);
      expect((await post(resolved, sign(resolved))).status).toBe(202);
      expect((await post(resolved, sign(resolved))).body).toEqual({
        duplicate: 'E2',
      });

      // Four one-hour restores plus one of two hours.
      expect((await dora()).timeToRestore).toMatchObject({
        incidents: 5,
        medianSeconds: 3600,
      });
    } finally {
      await backend.stop();
    }
  });
});
