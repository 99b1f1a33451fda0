import { startReplayServer as serve } from '@devops-insights/backstage-plugin-node/testUtils';
import { GithubApiError, GithubClient } from './GithubClient';

function client(url: string) {
  const slept: number[] = [];
  const c = new GithubClient({
    apiBaseUrl: url,
    headers: async () => ({ Authorization: 'Bearer t' }),
    clock: { now: () => 1_000_000, sleep: async ms => void slept.push(ms) },
  });
  return { c, slept };
}

/** GitHub's own rate-limit rules; the shared behaviour is tested in -node. */
describe('GithubClient', () => {
  let close: () => Promise<void>;
  afterEach(() => close());

  it('backs off exponentially on secondary rate limits, then gives up', async () => {
    const secondary = {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit' },
    };
    const s = await serve([secondary, secondary, secondary, secondary]);
    close = s.close;
    const { c, slept } = client(s.url);
    await expect(c.get('/x')).rejects.toThrow(GithubApiError);
    expect(slept).toEqual([60_000, 120_000, 240_000]);
  });

  it('does not retry a 403 that is no rate limit', async () => {
    const s = await serve([
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '12' },
        body: { message: 'Resource not accessible' },
      },
    ]);
    close = s.close;
    const { c, slept } = client(s.url);
    await expect(c.get('/x')).rejects.toMatchObject({ status: 403 });
    expect(slept).toEqual([]);
  });

  it('fails instead of waiting beyond the longest wait', async () => {
    const s = await serve([
      {
        status: 403,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(1000 + 3600),
        },
      },
    ]);
    close = s.close;
    const { c, slept } = client(s.url);
    await expect(c.get('/x')).rejects.toThrow(/rate limited until/);
    expect(slept).toEqual([]);
    expect(c.rateLimitState).toEqual({
      remaining: 0,
      limit: null,
      resetAt: '1970-01-01T01:16:40.000Z',
    });
  });
});
