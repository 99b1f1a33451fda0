import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  fixture,
  standardWebhookHeaders,
  STANDARD_WEBHOOKS_SECRET,
  startWithWebhooks,
} from '../__testUtils__/webhooks';

/**
 * Each preset end to end, on SQLite and PostgreSQL: the vendor's documented
 * payloads (src/webhooks/__fixtures__, sources in SOURCES.md) delivered with
 * the vendor's way of proving itself, then the figures on the API.
 */
jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const service = mockCredentials.service.header();
const WINDOW = 'from=2026-11-20T00:00:00Z&to=2026-12-01T00:00:00Z';
const CHECKOUT = 'component:default/checkout';

const webhooks = {
  'argocd-prod': {
    preset: 'argocd',
    auth: { token: { secret: 'argo-token', header: 'X-Argocd-Token' } },
    options: { environment: 'production' },
  },
  jenkins: {
    preset: 'jenkins',
    // The Notification plugin sets no headers: the token is in its URL.
    auth: { token: { secret: 'jenkins-token', queryParameter: 'token' } },
    entityRef: '$substringBefore(name, "-")',
    options: { deploymentJobs: ['checkout-deploy'] },
  },
  opsgenie: {
    preset: 'opsgenie',
    auth: {
      token: {
        secret: 'og-secret',
        header: 'Authorization',
        prefix: 'Bearer ',
      },
    },
  },
  'incident-io': {
    preset: 'incident-io',
    auth: { standardWebhooks: { secret: STANDARD_WEBHOOKS_SECRET } },
  },
};

describe('webhook presets', () => {
  it.each(databases.eachSupportedId())(
    'map the vendors’ payloads to events and figures, on %p',
    async databaseId => {
      const { knex, server } = await startWithWebhooks(
        databases,
        databaseId,
        webhooks,
      );
      const post = (name: string, file: string, headers = {}, query = '') =>
        request(server)
          .post(`/api/devops-insights/v1/webhooks/custom/${name}${query}`)
          .set('Content-Type', 'application/json')
          .set(headers)
          .send(fixture(file).toString('utf8'));
      const read = (path: string) =>
        request(server)
          .get(`/api/devops-insights/v1/${path}`)
          .set('Authorization', service);

      // Argo CD: a sync running, then succeeded (the same operation), then
      // a failed one.
      const argo = { 'X-Argocd-Token': 'argo-token' };
      const running = await post(
        'argocd-prod',
        'argocd/sync-running.json',
        argo,
      );
      expect(running.body).toMatchObject({ ingested: 1, created: 1 });
      const succeeded = await post(
        'argocd-prod',
        'argocd/sync-succeeded.json',
        argo,
      ).expect(200);
      expect(succeeded.body).toMatchObject({ ingested: 1, updated: 1 });
      await post('argocd-prod', 'argocd/sync-failed.json', argo).expect(200);

      // Jenkins: queued is nothing, started and completed are one run, the
      // deployment job also a deployment.
      const token = '?token=jenkins-token';
      const queued = await post('jenkins', 'jenkins/queued.json', {}, token);
      expect(queued.status).toBe(202);
      await post('jenkins', 'jenkins/started.json', {}, token).expect(200);
      const completed = await post(
        'jenkins',
        'jenkins/completed.json',
        {},
        token,
      ).expect(200);
      expect(completed.body).toMatchObject({ ingested: 2 });
      await post('jenkins', 'jenkins/unit-tests-failed.json', {}, token).expect(
        200,
      );

      const deployments = await read(
        `deployments?entityRef=${CHECKOUT}&${WINDOW}`,
      ).expect(200);
      const bySource = (source: string) =>
        deployments.body.items
          .filter((d: { source: string }) => d.source === source)
          .map((d: Record<string, unknown>) => ({
            id: d.id,
            status: d.status,
            environment: d.environment,
            finishedAt: d.finishedAt,
            commitSha: d.commitSha,
            trigger: d.trigger,
          }));
      expect(bySource('argocd')).toEqual(
        expect.arrayContaining([
          {
            id: 'checkout@2026-11-26T10:00:00Z',
            status: 'success',
            environment: 'production',
            finishedAt: '2026-11-26T10:03:12.000Z',
            commitSha: 'c6d86dc654b12425e706bcf951adfe5a8627a517',
            trigger: 'automatic',
          },
          {
            id: 'checkout@2026-11-27T15:30:00Z',
            status: 'failure',
            environment: 'production',
            finishedAt: '2026-11-27T15:31:05.000Z',
            commitSha: '9b2e1f0c3d4a5b6c7d8e9f00112233445566778a',
            trigger: 'manual',
          },
        ]),
      );
      expect(bySource('jenkins')).toEqual([
        {
          id: 'checkout-deploy#18',
          status: 'success',
          environment: 'production',
          finishedAt: '2026-11-26T10:01:35.000Z',
          commitSha: 'c6d86dc654b12425e706bcf951adfe5a8627a517',
          trigger: null,
        },
      ]);
      const runs = await knex('ci_runs')
        .where({ source: 'jenkins' })
        .orderBy('external_id');
      expect(
        runs.map(r => [r.external_id, r.entity_ref, r.status, r.name]),
      ).toEqual([
        ['checkout-deploy#18', CHECKOUT, 'success', 'checkout-deploy'],
        ['checkout-tests#311', CHECKOUT, 'failure', 'checkout-tests'],
      ]);

      // Opsgenie: created, acknowledged by ann, closed 40 minutes later.
      const og = { Authorization: 'Bearer og-secret' };
      await post('opsgenie', 'opsgenie/create.json', og).expect(200);
      const ack = await post('opsgenie', 'opsgenie/acknowledge.json', og);
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ ingested: 2 });
      const acknowledged = await read(
        `incidents?entityRef=${CHECKOUT}&${WINDOW}`,
      ).expect(200);
      expect(
        acknowledged.body.items.find(
          (i: { source: string }) => i.source === 'opsgenie',
        ),
      ).toMatchObject({
        id: '44f717bf-44bd-11c9-44c7-2d0cf1d07b23',
        urgency: 'high',
        createdAt: '2026-11-28T11:00:00.000Z',
        acknowledgedAt: '2026-11-28T11:05:00.000Z',
        resolvedAt: null,
        dedupKey: 'checkout-latency-p99',
      });
      const [page] = await knex('pages').where({ source: 'opsgenie' });
      expect(page).toMatchObject({
        user_ref: 'user:default/ann',
        incident_id: '44f717bf-44bd-11c9-44c7-2d0cf1d07b23',
      });
      await post('opsgenie', 'opsgenie/close.json', og).expect(200);

      // incident.io: triage is nothing yet; accepted, then resolved; a
      // redelivery (same webhook-id) is recognised.
      const incidentIo = (file: string, id: string) => {
        const body = fixture(file);
        return post('incident-io', file, standardWebhookHeaders(id, body));
      };
      expect(
        (await incidentIo('incident-io/created-triage.json', 'msg_1')).status,
      ).toBe(202);
      const live = await incidentIo('incident-io/updated-live.json', 'msg_2');
      expect(live.body).toMatchObject({ ingested: 1, created: 1 });
      await incidentIo('incident-io/updated-resolved.json', 'msg_3').expect(
        200,
      );
      const again = await incidentIo(
        'incident-io/updated-resolved.json',
        'msg_3',
      ).expect(200);
      expect(again.body).toEqual({ duplicate: true });

      const incidents = await read(
        `incidents?entityRef=${CHECKOUT}&${WINDOW}`,
      ).expect(200);
      const incident = (source: string) =>
        incidents.body.items.find(
          (i: { source: string }) => i.source === source,
        );
      // Opsgenie's Close says nothing of the acknowledgement (docs/webhooks.md).
      expect(incident('opsgenie')).toMatchObject({
        resolvedAt: '2026-11-28T11:40:00.000Z',
        durationSeconds: 2400,
      });
      expect(incident('incident-io')).toMatchObject({
        id: '01FDAG4SAP5TYPT98WGR2N7W91',
        title: 'INC-123 Checkout payments failing',
        urgency: 'high',
        createdAt: '2026-11-29T08:00:00.000Z',
        acknowledgedAt: '2026-11-29T08:06:30.000Z',
        resolvedAt: '2026-11-29T09:12:00.000Z',
        url: 'https://app.incident.io/example/incidents/123',
        postmortemUrl: 'https://docs.example.com/postmortems/inc-123',
      });

      const dora = await read(`dora?entityRef=${CHECKOUT}&${WINDOW}`).expect(
        200,
      );
      // Argo CD's successful sync and Jenkins' deployment build.
      expect(dora.body.deploymentFrequency.deployments).toBe(2);
      // Opsgenie 40 min, incident.io 72 min.
      expect(dora.body.timeToRestore).toMatchObject({
        incidents: 2,
        medianSeconds: (2400 + 4320) / 2,
      });

      const sources = await read('sources').expect(200);
      const status = (name: string) =>
        sources.body.sources.find(
          (s: { source: string }) => s.source === `webhook:${name}`,
        );
      expect(status('argocd-prod')).toMatchObject({
        target: 'deliveries',
        lastError: null,
        // Rows written: the running sync created, then updated; the failed one.
        rowsIngested: 3,
        deliveries: { accepted: 3, rejected: 0 },
      });
      expect(status('incident-io').deliveries).toMatchObject({
        accepted: 4,
        rejected: 0,
      });
    },
  );
});
