import { ResponseError } from '@backstage/errors';
import {
  errorResponse,
  validationErrorResponse,
} from '../__testUtils__/fixtures';
import { DevopsInsightsClient } from './DevopsInsightsClient';

function setup(response: Partial<Response>) {
  const fetch = jest.fn().mockResolvedValue(response);
  const client = new DevopsInsightsClient({
    discoveryApi: {
      getBaseUrl: async id => `http://backend/api/${id}`,
    },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('DevopsInsightsClient', () => {
  const query = {
    entityRef: 'component:default/checkout',
    from: '2026-04-15T10:00:00.000Z',
    to: '2026-05-15T10:00:00.000Z',
  };

  it('asks the devops-insights backend for the DORA figures', async () => {
    const { client, fetch } = setup({ ok: true, json: async () => ({ x: 1 }) });
    await expect(client.getDora(query)).resolves.toEqual({ x: 1 });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.origin + url.pathname).toBe(
      'http://backend/api/devops-insights/v1/dora',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual(query);
  });

  it('pages the lists', async () => {
    const { client, fetch } = setup({
      ok: true,
      json: async () => ({ items: [], totalCount: 0, limit: 50, offset: 100 }),
    });
    await client.listIncidents({ ...query, limit: 50, offset: 100 });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/devops-insights/v1/incidents');
    expect(url.searchParams.get('limit')).toBe('50');
    expect(url.searchParams.get('offset')).toBe('100');
  });

  it("throws a ResponseError carrying the server's message", async () => {
    const { client } = setup(errorResponse(400, 'from must be before to'));
    const error = await client.listDeployments(query).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('from must be before to');
    expect(error.statusCode).toBe(400);
  });

  it.each([
    ['getToil', '/v1/toil'],
    ['getOnCall', '/v1/oncall'],
  ] as const)('%s asks %s for the window', async (method, path) => {
    const { client, fetch } = setup({ ok: true, json: async () => ({ y: 2 }) });
    await expect(client[method](query)).resolves.toEqual({ y: 2 });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe(`/api/devops-insights${path}`);
    expect(Object.fromEntries(url.searchParams)).toEqual(query);
  });

  it('narrows the incidents by urgency and state, and only when asked', async () => {
    const { client, fetch } = setup({
      ok: true,
      json: async () => ({ items: [], totalCount: 0, limit: 50, offset: 0 }),
    });
    await client.listIncidents({ ...query, urgency: 'high', status: 'open' });
    await client.listIncidents(query);
    const filtered = new URL(fetch.mock.calls[0][0]).searchParams;
    expect(filtered.get('urgency')).toBe('high');
    expect(filtered.get('status')).toBe('open');
    const unfiltered = new URL(fetch.mock.calls[1][0]).searchParams;
    expect(unfiltered.has('urgency')).toBe(false);
    expect(unfiltered.has('status')).toBe(false);
  });

  it('posts a toil report as JSON', async () => {
    const { client, fetch } = setup({
      ok: true,
      json: async () => ({ created: 1 }),
    });
    const report = {
      entityRef: 'component:default/checkout',
      week: '2026-W06',
      hours: 3.5,
      category: 'Access requests',
    };
    await expect(client.createToilReport(report)).resolves.toEqual({
      created: 1,
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/devops-insights/v1/toil-reports');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init.body)).toEqual(report);
  });

  it('keeps the per-field errors of a rejected toil report', async () => {
    const errors = [{ index: 0, path: 'hours', message: 'must be positive' }];
    const { client } = setup(
      validationErrorResponse('1 validation error(s)', errors),
    );
    const error = await client
      .createToilReport({
        entityRef: 'component:default/checkout',
        week: '2026-W06',
        hours: -1,
        category: 'x',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.errors).toEqual(errors);
  });

  it('deletes a toil report by its id, reading no body', async () => {
    const { client, fetch } = setup({ ok: true, status: 204 });
    await expect(client.deleteToilReport('a/b')).resolves.toBeUndefined();
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/devops-insights/v1/toil-reports/a%2Fb',
    );
    expect(init.method).toBe('DELETE');
  });

  it('asks for the sources without a query string', async () => {
    const { client, fetch } = setup({
      ok: true,
      json: async () => ({ sources: [] }),
    });
    await expect(client.getSources()).resolves.toEqual({ sources: [] });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/devops-insights/v1/sources',
    );
  });

  it('asks for the rollup in one request, with the group only when given', async () => {
    const { client, fetch } = setup({
      ok: true,
      json: async () => ({ teams: [] }),
    });
    const window = { from: query.from, to: query.to };
    await expect(client.getRollup(window)).resolves.toEqual({ teams: [] });
    await client.getRollup({ ...window, groupRef: 'group:default/eng' });
    const all = new URL(fetch.mock.calls[0][0]);
    expect(all.pathname).toBe('/api/devops-insights/v1/rollup');
    expect(Object.fromEntries(all.searchParams)).toEqual(window);
    const filtered = new URL(fetch.mock.calls[1][0]);
    expect(Object.fromEntries(filtered.searchParams)).toEqual({
      ...window,
      groupRef: 'group:default/eng',
    });
  });

  it('rejects with the 404 of an unknown group', async () => {
    const { client } = setup(errorResponse(404, 'Unknown group'));
    const error = await client
      .getRollup({
        groupRef: 'group:default/nope',
        from: query.from,
        to: query.to,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });
});

describe('DevopsInsightsClient shares responses', () => {
  const query = {
    entityRef: 'component:default/checkout',
    from: '2026-04-15T10:00:00.000Z',
    to: '2026-05-15T10:00:00.000Z',
  };
  const okPage = () => ({
    ok: true,
    json: async () => ({ items: [], totalCount: 0, limit: 10, offset: 0 }),
  });

  it('asks once for the same question, concurrent or repeated', async () => {
    const { client, fetch } = setup(okPage());
    await Promise.all([
      client.listIncidents({ ...query, limit: 10, offset: 0 }),
      // Same parameters in another order: the same question.
      client.listIncidents({ offset: 0, limit: 10, ...query }),
    ]);
    await client.listIncidents({ ...query, limit: 10, offset: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks again for another window, page or order', async () => {
    const { client, fetch } = setup(okPage());
    await client.listIncidents({ ...query, limit: 10, offset: 0 });
    await client.listIncidents({ ...query, limit: 10, offset: 10 });
    await client.listIncidents({
      ...query,
      limit: 10,
      offset: 0,
      sort: 'title',
    });
    await client.listIncidents({
      ...query,
      from: '2026-02-14T10:00:00.000Z',
      limit: 10,
      offset: 0,
    });
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('does not keep failures, so a retry asks again', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(errorResponse(400, 'nope'))
      .mockResolvedValue({ ok: true, json: async () => ({ ok: 1 }) });
    const client = new DevopsInsightsClient({
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: { fetch },
    });
    await expect(client.getDora(query)).rejects.toThrow();
    await expect(client.getDora(query)).resolves.toEqual({ ok: 1 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('forgets everything after a toil report, which changes the figures', async () => {
    const { client, fetch } = setup({ ok: true, json: async () => ({}) });
    await client.getToil(query);
    await client.createToilReport({
      entityRef: query.entityRef,
      week: '2026-W18',
      hours: 2,
      category: 'manual',
    });
    await client.getToil(query);
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});
