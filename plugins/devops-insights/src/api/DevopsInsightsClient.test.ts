import { ResponseError } from '@backstage/errors';
import { errorResponse } from '../__testUtils__/fixtures';
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
});
