import { startPluginBackend } from '../__testUtils__/backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';

/** The fenced ```json <name> block of docs/metrics.md. */
function docsBlock(name: string): unknown {
  const markdown = readFileSync(
    resolve(__dirname, '../../../../docs/metrics.md'),
    'utf8',
  );
  const match = markdown.match(
    new RegExp(`\`\`\`json ${name}\\n([\\s\\S]*?)\\n\`\`\``),
  );
  if (!match) throw new Error(`docs/metrics.md has no json ${name} block`);
  return JSON.parse(match[1]);
}

const startBackend = () => startPluginBackend();

const WEEK = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

async function send(
  server: Awaited<ReturnType<typeof startBackend>>,
  block: string,
) {
  const posted = await request(server)
    .post('/api/devops-insights/v1/events')
    .set('Authorization', mockCredentials.service.header())
    .send({ events: docsBlock(block) });
  expect(posted.status).toBe(200);
}

const get = (server: Awaited<ReturnType<typeof startBackend>>, path: string) =>
  request(server)
    .get(`/api/devops-insights/v1/${path}&${WEEK}`)
    .set('Authorization', mockCredentials.user.header());

describe('the worked examples of docs/metrics.md', () => {
  it('toil: the team of one is healthy at 24.4 %', async () => {
    const server = await startBackend();
    await send(server, 'example-toil-events');
    const res = await get(server, 'toil?entityRef=checkout');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(docsBlock('example-toil') as object);
  });

  it('on-call: Ann paged in her sleep', async () => {
    const server = await startBackend();
    await send(server, 'example-oncall-events');
    const res = await get(server, 'oncall?entityRef=checkout');
    expect(res.status).toBe(200);
    const { ann, ...expected } = docsBlock('example-oncall') as Record<
      string,
      object
    >;
    expect(res.body).toMatchObject(expected);
    expect(res.body.responders).toEqual([
      expect.objectContaining({ userRef: 'user:default/ann', ...ann }),
    ]);
  });

  it('on-call: a pooled group is rated over the summed hours of its rotations', async () => {
    const server = await startBackend();
    await send(server, 'example-pooled-oncall-events');
    const expected = docsBlock('example-pooled-oncall') as Record<
      string,
      { pagesPer12h: number }
    >;
    for (const [group, team] of Object.entries(expected)) {
      const res = await get(server, `oncall?entityRef=${group}`);
      expect(res.status).toBe(200);
      expect({ [group]: res.body.team }).toMatchObject({ [group]: team });
    }
    const rollup = await request(server)
      .get(`/api/devops-insights/v1/rollup?${WEEK}`)
      .set('Authorization', mockCredentials.user.header());
    expect(rollup.status).toBe(200);
    for (const [group, team] of Object.entries(expected)) {
      expect(
        rollup.body.teams.find(
          (t: { groupRef: string }) => t.groupRef === group,
        ),
      ).toMatchObject({ pagesPer12h: team.pagesPer12h });
    }
  });

  it('DORA: is what the API computes', async () => {
    const server = await startBackend();
    await send(server, 'example-events');

    const res = await request(server)
      .get(
        '/api/devops-insights/v1/dora?entityRef=checkout&from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const { entityRef, window, scope, weekly, ...metrics } = res.body;
    expect(metrics).toEqual(docsBlock('example-dora'));
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toMatchObject({
      deployments: 4,
      failedDeployments: 2,
      leadTimeMedianSeconds: 14400,
      changeFailureRate: 0.5,
      timeToRestoreMedianSeconds: 7200,
    });
  });
});
