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
import { startFakeGitlab } from './__testUtils__/fakeGitlab';
import { billingEntity, billingProject } from './__testUtils__/scenario';
import { devopsInsightsModuleGitlab } from './module';

const WINDOW = 'from=2026-02-01T00:00:00Z&to=2026-03-11T00:00:00Z';

/**
 * The whole path: the backend plugin, this module, a catalog and the fake
 * GitLab; the scheduled sync runs at start-up, then the DORA and sources
 * APIs answer, then hooks arrive through the plugin's open route.
 */
describe('GitLab source end to end', () => {
  it('syncs into DORA figures, reports status and takes hooks with the token only', async () => {
    const project = billingProject();
    const gitlab = await startFakeGitlab([project]);
    const backend = await startTestBackend({
      features: [
        devopsInsightsBackend,
        devopsInsightsModuleGitlab,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: [billingEntity()] }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              gitlab: [
                {
                  host: 'gitlab.com',
                  apiBaseUrl: gitlab.url,
                  token: 'test-token',
                },
              ],
            },
            devopsInsights: {
              // The fixed scenario lies in March 2026; reach it from any "now".
              gitlab: { backfill: { days: 3650 }, webhookToken: 'hook-token' },
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
            `/api/devops-insights/v1/dora?entityRef=component:default/billing&${WINDOW}`,
          )
          .set('Authorization', user)
      ).body;
    try {
      // Production successes 101, 102, 104, 105; MR !1 (2d2h20m from its
      // first commit) and !2 (5h20m); 105 rolls 104 back.
      expect(await dora()).toMatchObject({
        deploymentFrequency: { deployments: 4 },
        leadTimeForChanges: { changes: 2, medianSeconds: (181200 + 19200) / 2 },
        changeFailureRate: {
          failedDeployments: 1,
          deployments: 4,
          ratio: 0.25,
        },
        reworkRate: { remediationDeployments: 1, ratio: 0.25 },
      });
      const sources = await request(server)
        .get('/api/devops-insights/v1/sources')
        .set('Authorization', user);
      expect(sources.body.sources).toContainEqual(
        expect.objectContaining({
          source: 'gitlab',
          target: 'gitlab.com/acme/billing',
          lastError: null,
          rowsIngested: 9,
        }),
      );

      // 106 finishes; GitLab sends a Deployment Hook.
      const running = project.deployments.find(d => d.id === 106)!;
      Object.assign(running, {
        status: 'success',
        finished_at: '2026-03-09T23:40:00Z',
        updated_at: '2026-03-09T23:40:00Z',
      });
      const hook = JSON.stringify({
        object_kind: 'deployment',
        status: 'success',
        deployment_id: 106,
        environment: 'production',
        project: {
          id: 42,
          path_with_namespace: 'acme/billing',
          web_url: 'https://gitlab.com/acme/billing',
        },
      });
      const post = (headers: Record<string, string>) =>
        request(server)
          .post('/api/devops-insights/v1/webhooks/gitlab')
          .set('content-type', 'application/json')
          .set(headers)
          .send(hook);
      expect(
        (await post({ 'x-gitlab-token': 'guess', 'idempotency-key': 'k1' }))
          .status,
      ).toBe(401);
      expect((await post({ 'idempotency-key': 'k1' })).status).toBe(401);
      expect((await dora()).deploymentFrequency.deployments).toBe(4);
      expect(
        (
          await post({
            'x-gitlab-token': 'hook-token',
            'idempotency-key': 'k1',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await post({
            'x-gitlab-token': 'hook-token',
            'idempotency-key': 'k1',
          })
        ).body,
      ).toEqual({
        duplicate: true,
      });
      expect((await dora()).deploymentFrequency.deployments).toBe(5);
    } finally {
      await backend.stop();
      await gitlab.close();
    }
  });
});
