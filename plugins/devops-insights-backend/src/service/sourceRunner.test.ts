import { startPluginBackend } from '../__testUtils__/backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { devopsInsightsSourcesExtensionPoint } from '@devops-insights/backstage-plugin-node';
import request from 'supertest';

/** A source whose webhook trusts a shared token and whose sync reports status. */
const testSource = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'test-source',
  register(reg) {
    reg.registerInit({
      deps: { sources: devopsInsightsSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'test',
          async sync({ sink, cursors, status }) {
            const since = (await cursors.get('repo')) ?? 'start';
            const result = await sink.ingest([
              {
                type: 'deployment',
                source: 'test',
                id: `after-${since}`,
                entityRef: 'checkout',
                environment: 'production',
                status: 'success',
                finishedAt: '2026-03-03T10:00:00Z',
              },
            ]);
            await cursors.set('repo', 'page-2');
            await status.success('acme/repo', {
              rowsIngested: result.created,
              rateLimit: { remaining: 10, limit: 100, resetAt: null },
            });
          },
          webhook: {
            async handle({ headers, rawBody }, { sink, deliveries }) {
              if (headers['x-token'] !== 'secret')
                return { status: 401, body: { error: 'unsigned' } };
              const id = String(headers['x-delivery']);
              if (!(await deliveries.claim(id)))
                return { status: 200, body: { duplicate: true } };
              const event = JSON.parse(rawBody.toString('utf8'));
              return { status: 202, body: { ...(await sink.ingest([event])) } };
            },
          },
        });
      },
    });
  },
});

const startBackend = () => startPluginBackend({ features: [testSource] });

const incident = JSON.stringify({
  type: 'incident',
  source: 'test',
  id: 'i1',
  entityRef: 'checkout',
  createdAt: '2026-03-03T11:00:00Z',
  resolvedAt: '2026-03-03T12:00:00Z',
});

describe('source modules', () => {
  it('run once after start-up with cursors and report their status', async () => {
    const server = await startBackend();
    const user = mockCredentials.user.header();
    let sources;
    for (let i = 0; i < 50; i++) {
      sources = (
        await request(server)
          .get('/api/devops-insights/v1/sources')
          .set('Authorization', user)
      ).body.sources;
      if (sources.length) break;
      await new Promise(r => setTimeout(r, 20));
    }
    expect(sources).toEqual([
      expect.objectContaining({
        source: 'test',
        target: 'acme/repo',
        rowsIngested: 1,
        lastError: null,
        rateLimit: { remaining: 10, limit: 100, resetAt: null },
      }),
    ]);
    const list = await request(server)
      .get(
        '/api/devops-insights/v1/deployments?entityRef=checkout&from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z',
      )
      .set('Authorization', user);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([
      'after-start',
    ]);
  });

  it('receive webhooks without Backstage credentials: the handler verifies and de-duplicates', async () => {
    const server = await startBackend();
    const post = (headers: Record<string, string>) =>
      request(server)
        .post('/api/devops-insights/v1/webhooks/test')
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(incident);

    expect((await post({ 'x-delivery': 'd1' })).status).toBe(401);
    const first = await post({ 'x-token': 'secret', 'x-delivery': 'd1' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ created: 1 });
    const again = await post({ 'x-token': 'secret', 'x-delivery': 'd1' });
    expect(again.body).toEqual({ duplicate: true });

    const dora = await request(server)
      .get(
        '/api/devops-insights/v1/dora?entityRef=checkout&from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(dora.body.timeToRestore).toMatchObject({
      incidents: 1,
      medianSeconds: 3600,
    });
  });
});
