import { createHmac } from 'node:crypto';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The stored rows need the real plugin the module extends (dev dependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsBackend from '@devops-insights/backstage-plugin-backend';
import request from 'supertest';
import { FakePagerDuty } from './__testUtils__/fakePagerDuty';
import { fillScenario, scenarioEntities } from './__testUtils__/scenario';
import { IncidentHistory, reopenedIncident } from './__testUtils__/sequences';
import { devopsInsightsModulePagerDuty } from './module';
import { PdWebhookEvent } from './types';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});
type Knex = Awaited<ReturnType<typeof databases.init>>;
const SECRET = 'whsec-convergence';
const fake = new FakePagerDuty();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/** The plugin, this module and the fake PagerDuty on `knex`; it syncs once while starting. */
async function startBackend(knex: Knex) {
  return startTestBackend({
    features: [
      devopsInsightsBackend,
      devopsInsightsModulePagerDuty,
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: scenarioEntities }),
      mockServices.rootConfig.factory({
        data: {
          pagerDuty: { apiToken: fake.token, apiBaseUrl: fake.baseUrl },
          devopsInsights: {
            pagerDuty: { backfillDays: 30, webhookSecrets: [SECRET] },
          },
        },
      }),
    ],
  });
}

async function deliver(
  server: Parameters<typeof request>[0],
  webhooks: PdWebhookEvent[],
) {
  for (const webhook of webhooks) {
    const body = JSON.stringify(webhook);
    const response = await request(server)
      .post('/api/devops-insights/v1/webhooks/pagerduty')
      .set({
        'Content-Type': 'application/json',
        'X-PagerDuty-Signature': `v1=${createHmac('sha256', SECRET)
          .update(body)
          .digest('hex')}`,
      })
      .send(body);
    expect(response.status).toBe(202);
  }
}

/**
 * The stored incident rows, every column but the arrival time and the
 * store's change-detection hash (that is of the event last accepted, not of
 * the row it merged into).
 */
async function incidentRows(knex: Knex) {
  const rows = await knex('incidents')
    .where('source', 'pagerduty')
    .orderBy('external_id');
  return rows.map(({ received_at: _r, content_hash: _h, ...row }) => row);
}

/** Deterministic shuffles (mulberry32), so a failure names its order. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('PagerDuty webhooks and poller converge on the stored rows', () => {
  it.each(databases.eachSupportedId())(
    'the documented lifecycle with a reopen, in order and shuffled, on %p',
    async databaseId => {
      const now = Date.now();
      fillScenario(fake, now);
      const day = new Date(now - 2 * 24 * 3600 * 1000)
        .toISOString()
        .slice(0, 10);
      // One incident per delivery order: in order, then shuffled.
      const histories: IncidentHistory[] = [0, 1, 2, 3, 4, 5].map(k =>
        reopenedIncident(`PSEQ${k}`, 'PSVC1', day),
      );
      const orders = histories.map((h, k) =>
        k === 0 ? h.webhooks : shuffled(h.webhooks, k),
      );
      // The poller alone.
      fake.data.incidents = histories.map(h => h.incident);
      fake.data.logEntries = new Map(
        histories.map(h => [h.incident.id, h.log]),
      );
      const polledDb = await databases.init(databaseId);
      const polled = await startBackend(polledDb);
      let pollerRows: Awaited<ReturnType<typeof incidentRows>>;
      try {
        pollerRows = await incidentRows(polledDb);
        expect(pollerRows).toHaveLength(histories.length);
        expect(pollerRows.map(r => Number(r.acknowledged_at))).toEqual(
          histories.map(() => Date.parse(`${day}T10:05:00Z`)),
        );
        expect(pollerRows.map(r => Number(r.resolved_at))).toEqual(
          histories.map(() => Date.parse(`${day}T11:00:00Z`)),
        );

        // Late deliveries after the poll, in any order: none is newer than
        // the polled state (a reassigned after resolved among them), so none
        // changes it.
        await deliver(
          polled.server,
          histories.flatMap((h, k) => shuffled(h.webhooks, 100 + k)),
        );
        expect(await incidentRows(polledDb)).toEqual(pollerRows);
      } finally {
        await polled.stop();
      }

      // The webhooks during a PagerDuty API outage (the sync fails, so its
      // cursors stay unset), then the first sync after it.
      const hookedDb = await databases.init(databaseId);
      fake.fail(() => true, { status: 403, body: {} }, 10_000);
      const hooked = await startBackend(hookedDb);
      try {
        expect(await incidentRows(hookedDb)).toEqual([]);
        await deliver(hooked.server, orders.flat());
        const rows = await incidentRows(hookedDb);
        // In delivery order and shuffled: the same rows as the poller's,
        // first acknowledgement included (a late acknowledgement still
        // lowers it, though the rest of its event lost to newer state).
        expect(rows).toEqual(pollerRows);
      } finally {
        await hooked.stop();
      }
      fake.clearFaults();
      const synced = await startBackend(hookedDb);
      try {
        expect(await incidentRows(hookedDb)).toEqual(pollerRows);
      } finally {
        await synced.stop();
      }
    },
  );
});
