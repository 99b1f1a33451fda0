import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';

const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

const deployment = (id: string, finishedAt: string) => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef: 'checkout',
  environment: 'production',
  status: 'success',
  finishedAt,
});

describe('retention', () => {
  it('runs once across replicas and keeps cached metrics exact when it deletes events', async () => {
    const tasks: Array<SchedulerServiceTaskInvocationDefinition & object> = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        tasks.push(task);
      }),
    });
    const server = await startPluginBackend({
      features: [
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { devopsInsights: { retention: { events: { days: 30 } } } },
        }),
      ],
    });
    const task = tasks.find(t => t.id === 'devops-insights-retention');
    expect(task).toMatchObject({ scope: 'global' });

    const posted = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [deployment('old', daysAgo(40)), deployment('new', daysAgo(2))],
      });
    expect(posted.status).toBe(200);
    const deployments = async () =>
      (
        await request(server)
          .get(
            `/api/devops-insights/v1/dora?entityRef=checkout&from=${encodeURIComponent(
              daysAgo(60),
            )}&to=${encodeURIComponent(daysAgo(0))}`,
          )
          .set('Authorization', mockCredentials.user.header())
      ).body.deploymentFrequency.deployments;
    // Derived and cached before the cleaner runs.
    expect(await deployments()).toBe(2);

    await task!.fn(new AbortController().signal as any);

    expect(await deployments()).toBe(1);
  });
});
