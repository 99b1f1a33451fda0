import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The end-to-end test needs the real plugin the module extends (dev dependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsBackend from '@devops-insights/backstage-plugin-backend';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import deploymentStatusPayload from './__fixtures__/deployment_status.json';
import { startFakeGithub } from './__testUtils__/fakeGithub';
import { shopEntity, shopRepo } from './__testUtils__/scenario';
import { devopsInsightsModuleGithub } from './module';

const SECRET = "It's a Secret to Everybody";
const WINDOW = 'from=2026-02-01T00:00:00Z&to=2026-03-11T00:00:00Z';

/**
 * The whole path: the backend plugin, this module, a catalog and the fake
 * GitHub; the scheduled sync runs at start-up, then the DORA and sources
 * APIs answer, then webhooks arrive through the plugin's open route.
 */
describe('GitHub source end to end', () => {
  it('syncs into DORA figures, reports status and takes signed webhooks only', async () => {
    const github = await startFakeGithub([shopRepo()]);
    const backend = await startTestBackend({
      features: [
        devopsInsightsBackend,
        devopsInsightsModuleGithub,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: [shopEntity()] }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: github.url,
                  token: 'test-token',
                },
              ],
            },
            devopsInsights: {
              // The fixed scenario lies in March 2026; reach it from any "now".
              github: { backfill: { days: 3650 }, webhookSecret: SECRET },
            },
          },
        }),
      ],
    });
    const server = backend.server;
    const user = mockCredentials.user.header();
    const dora = async () =>
      (
        await request(server)
          .get(
            `/api/devops-insights/v1/dora?entityRef=component:default/shop&${WINDOW}`,
          )
          .set('Authorization', user)
      ).body;
    try {
      // Production successes 1, 2, 4, 5, 6; changes PR 1 (26h20m from its
      // first commit) and c2 (2h15m); 5 rolls 4 back.
      expect(await dora()).toMatchObject({
        deploymentFrequency: { deployments: 5 },
        leadTimeForChanges: { changes: 2, medianSeconds: (94800 + 8100) / 2 },
        changeFailureRate: { failedDeployments: 1, deployments: 5, ratio: 0.2 },
        reworkRate: { remediationDeployments: 1, ratio: 0.2 },
      });

      const sources = await request(server)
        .get('/api/devops-insights/v1/sources')
        .set('Authorization', user);
      expect(sources.body.sources).toContainEqual(
        expect.objectContaining({
          source: 'github',
          target: 'github.com/acme/shop',
          lastError: null,
          rowsIngested: 11,
          rateLimit: expect.objectContaining({ limit: 5000 }),
        }),
      );

      const post = (body: Buffer, headers: Record<string, string>) =>
        request(server)
          .post('/api/devops-insights/v1/webhooks/github')
          .set('content-type', 'application/json')
          .set(headers)
          // As a string: superagent would JSON-encode a Buffer.
          .send(body.toString('utf8'));
      // GitHub's documented test vector, as a ping.
      const vector = await post(Buffer.from('Hello, World!'), {
        'x-github-event': 'ping',
        'x-github-delivery': 'v-1',
        'x-hub-signature-256':
          'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      });
      expect(vector.status).toBe(200);

      // Deployment 7 (in progress after the sync) succeeds.
      const payload = {
        ...deploymentStatusPayload,
        deployment: { ...shopRepo().deployments[6] },
        deployment_status: {
          ...deploymentStatusPayload.deployment_status,
          created_at: '2026-03-09T23:30:00Z',
        },
        repository: {
          ...deploymentStatusPayload.repository,
          full_name: 'acme/shop',
        },
      };
      const body = Buffer.from(JSON.stringify(payload));
      const signature = `sha256=${createHmac('sha256', SECRET)
        .update(body)
        .digest('hex')}`;
      const headers = {
        'x-github-event': 'deployment_status',
        'x-github-delivery': 'd-7',
        'x-hub-signature-256': signature,
      };
      const tampered = Buffer.from(
        body.toString().replace('2026-03-09T23:30:00Z', '2026-03-09T23:31:00Z'),
      );
      expect((await post(tampered, headers)).status).toBe(401);
      expect(
        (await post(body, { ...headers, 'x-hub-signature-256': '' })).status,
      ).toBe(401);
      expect((await dora()).deploymentFrequency.deployments).toBe(5);

      expect((await post(body, headers)).status).toBe(200);
      expect((await post(body, headers)).body).toEqual({ duplicate: true });
      expect((await dora()).deploymentFrequency.deployments).toBe(6);
    } finally {
      await backend.stop();
      await github.close();
    }
  });
});
