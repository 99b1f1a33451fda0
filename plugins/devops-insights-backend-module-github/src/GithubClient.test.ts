import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GithubApiError, GithubClient, parseNextLink } from './GithubClient';

type Reply = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

async function serve(replies: Reply[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const reply = replies.shift() ?? { status: 500 };
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      ...reply.headers,
    });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

function client(url: string) {
  const slept: number[] = [];
  const c = new GithubClient({
    apiBaseUrl: url,
    headers: async () => ({ Authorization: 'Bearer t' }),
    clock: { now: () => 1_000_000, sleep: async ms => void slept.push(ms) },
  });
  return { c, slept };
}

describe('GithubClient', () => {
  let close: () => Promise<void>;
  afterEach(() => close());

  it('honours retry-after on a 429', async () => {
    const s = await serve([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 200, body: { ok: 1 } },
    ]);
    close = s.close;
    const { c, slept } = client(s.url);
    expect(await c.get('/x')).toEqual({ ok: 1 });
    expect(slept).toEqual([7000]);
  });

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

  it('revalidates with the ETag and serves the 304 from its cache', async () => {
    const s = await serve([
      { status: 200, headers: { etag: '"v1"' }, body: [1, 2] },
      { status: 304, headers: { etag: '"v1"' } },
    ]);
    close = s.close;
    const { c } = client(s.url);
    expect(await c.get('/list')).toEqual([1, 2]);
    expect(await c.get('/list')).toEqual([1, 2]);
    expect(s.seen[0]['if-none-match']).toBeUndefined();
    expect(s.seen[1]['if-none-match']).toBe('"v1"');
    expect(s.seen[1].authorization).toBe('Bearer t');
  });
});

describe('parseNextLink', () => {
  it('finds rel="next" wherever it is', () => {
    expect(
      parseNextLink(
        '<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last"',
      ),
    ).toBe('https://a/x?page=3');
    expect(parseNextLink('<https://a/x?page=1>; rel="first"')).toBeUndefined();
    expect(parseNextLink(null)).toBeUndefined();
  });
});
