import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createDevopsInsightsFactRetriever } from './retriever';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** What the API answers for an entity with no data; the shapes the retriever reads. */
const noData: Record<string, unknown> = {
  dora: {
    deploymentFrequency: { deployments: 0, perDay: null, band: null },
    leadTimeForChanges: { medianSeconds: null, band: null },
    changeFailureRate: { ratio: null, band: null },
    timeToRestore: { medianSeconds: null, band: null },
    failedDeploymentRecoveryTime: { medianSeconds: null },
    reworkRate: { ratio: null },
    goals: { figures: [], problems: [] },
  },
  toil: { share: null, status: null, goals: { figures: [], problems: [] } },
  oncall: {
    team: { pagesPer12h: null },
    goals: { figures: [], problems: [] },
  },
};

/** The facts every entity gets, here with no data and no goals. */
const ALWAYS = {
  windowDays: 30,
  deployments: 0,
  goals: 0,
  goalsMet: 0,
  goalsMissed: 0,
};

/**
 * The DevOps Insights API at the network edge: answers for entities in
 * `readable`, 403 (as a permission policy would) for the others.
 */
async function fakeApi(readable: string[]) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push(`${url.pathname} ${req.headers.authorization ? 'token' : ''}`);
    const entityRef = url.searchParams.get('entityRef')!;
    const path = url.pathname.replace('/api/devops-insights/v1/', '');
    if (!readable.includes(entityRef)) {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { name: 'NotAllowedError', message: 'Missing permission' } }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(noData[path]));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `http://127.0.0.1:${port}/api/devops-insights`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

async function run(readable: string[]) {
  const api = await fakeApi(readable);
  const logger = mockServices.logger.mock();
  const retriever = createDevopsInsightsFactRetriever({
    catalog: catalogServiceMock({
      entities: [component('a'), component('b')],
    }),
  });
  try {
    const facts = await retriever.handler({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => api.baseUrl,
        getExternalBaseUrl: async () => api.baseUrl,
      },
      logger,
      config: mockServices.rootConfig(),
      urlReader: mockServices.urlReader.mock(),
      entityFilter: retriever.entityFilter,
    });
    return { facts, logger, requests: api.requests };
  } finally {
    await api.close();
  }
}

describe('createDevopsInsightsFactRetriever', () => {
  it('reads each component with a token and publishes only what it has', async () => {
    const { facts, logger, requests } = await run([
      'component:default/a',
      'component:default/b',
    ]);
    expect(facts.map(f => [f.entity.name, f.facts])).toEqual([
      ['a', { ...ALWAYS }],
      ['b', { ...ALWAYS }],
    ]);
    expect(requests.sort()).toEqual(
      ['dora', 'dora', 'oncall', 'oncall', 'toil', 'toil'].map(
        p => `/api/devops-insights/v1/${p} token`,
      ),
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('skips an entity it may not read and says so; the others still get facts', async () => {
    const { facts, logger } = await run(['component:default/a']);
    expect(facts.map(f => f.entity.name)).toEqual(['a']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/1 of 2 entities: component:default\/b: .*403/),
    );
  });

  it('fails the run when no entity can be read, rather than storing an empty run', async () => {
    await expect(run([])).rejects.toThrow(
      /DevOps Insights could not be read: component:default\/a: .*403/,
    );
  });
});
