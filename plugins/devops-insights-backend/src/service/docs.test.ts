import { startPluginBackend } from '../__testUtils__/backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { devopsInsightsEventSchema } from '@devops-insights/backstage-plugin-common';

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
    const { entityRef, window, scope, weekly, goals, ...metrics } = res.body;
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

describe('docs/events-api.md', () => {
  const markdown = readFileSync(
    resolve(__dirname, '../../../../docs/events-api.md'),
    'utf8',
  );

  it('has a field table for every event type naming exactly its fields', () => {
    const common = ['type', 'source', 'id', 'entityRef', 'updatedAt'];
    for (const option of devopsInsightsEventSchema.options) {
      const shape = (option._zod.def as any).shape as Record<string, unknown>;
      const type = (shape.type as any)._zod.def.values[0] as string;
      const section = markdown.split(`### \`${type}\`\n`)[1]?.split('\n#')[0];
      expect([type, section ? 'documented' : 'missing']).toEqual([
        type,
        'documented',
      ]);
      const documented = [
        ...section!.matchAll(/^\| ((?:`\w+`(?:, )?)+)\s+\|/gm),
      ]
        .flatMap(m => m[1].split(', '))
        .map(name => name.replaceAll('`', ''));
      expect([type, documented.sort()]).toEqual([
        type,
        Object.keys(shape)
          .filter(k => !common.includes(k))
          .sort(),
      ]);
    }
  });

  it('has a curl example of every event type, each of which the backend takes', async () => {
    const bodies = [...markdown.matchAll(/^ {2}-d '([^']*)'/gm)].map(
      m => JSON.parse(m[1]) as { events: Array<{ type: string }> },
    );
    expect(new Set(bodies.flatMap(b => b.events.map(e => e.type)))).toEqual(
      new Set(
        devopsInsightsEventSchema.options.map(o => (o.shape.type as any).value),
      ),
    );
    const server = await startBackend();
    for (const body of bodies) {
      const posted = await request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', mockCredentials.service.header())
        .send(body);
      expect([body.events[0].type, posted.status]).toEqual([
        body.events[0].type,
        200,
      ]);
    }
  });
});
