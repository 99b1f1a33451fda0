import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startReplayServer, ReplayReply } from '../testUtils';
import {
  jitteredBackoffMs,
  parseNextLink,
  RateLimitedApi,
  RateLimitedClient,
  RateLimitRules,
} from './RateLimitedClient';

const NOW = 1_000_000;

class TestApiError extends Error {
  constructor(readonly status: number, readonly url: string, message: string) {
    super(`Test API ${status} for ${url}: ${message}`);
  }
}

/** Like GitHub: 403/429, reset only when the budget is spent, backoff only for secondary limits. */
const githubLike: RateLimitRules = {
  statuses: [403, 429],
  headers: {
    remaining: 'x-ratelimit-remaining',
    limit: 'x-ratelimit-limit',
    reset: 'x-ratelimit-reset',
  },
  waitForReset: h => h.get('x-ratelimit-remaining') === '0',
  backoffMs: (status, body) =>
    status === 429 || /secondary rate limit/i.test(body) ? 60_000 : undefined,
};

/** Like GitLab: 429 only, reset whenever named, else a fixed backoff. */
const gitlabLike: RateLimitRules = {
  statuses: [429],
  headers: {
    remaining: 'ratelimit-remaining',
    limit: 'ratelimit-limit',
    reset: 'ratelimit-reset',
  },
  waitForReset: h => Boolean(Number(h.get('ratelimit-reset'))),
  backoffMs: () => 30_000,
};

function api(rules: RateLimitRules): RateLimitedApi {
  return {
    name: 'Test',
    defaultHeaders: { accept: 'application/test+json' },
    rules,
    createError: (status, url, message) =>
      new TestApiError(status, url, message),
  };
}

function client(url: string, rules: RateLimitRules, maxWaitMs?: number) {
  const slept: number[] = [];
  const c = new RateLimitedClient(
    {
      apiBaseUrl: url,
      headers: async () => ({ Authorization: 'Bearer t' }),
      clock: { now: () => NOW, sleep: async ms => void slept.push(ms) },
      maxWaitMs,
    },
    api(rules),
  );
  return { c, slept };
}

const OK = { body: { ok: 1 } };
/** A provider error (from `createError`) whose message matches. */
const failure = (message: RegExp) => ({
  error: expect.stringMatching(message),
  provider: true,
});

const resetIn = (seconds: number) => String(NOW / 1000 + seconds);

describe('RateLimitedClient', () => {
  let close: () => Promise<void>;
  afterEach(() => close());

  it.each<{
    name: string;
    rules: RateLimitRules;
    replies: ReplayReply[];
    slept: number[];
    outcome: unknown;
  }>([
    {
      name: 'honours retry-after on a 429',
      rules: githubLike,
      replies: [
        { status: 429, headers: { 'retry-after': '7' } },
        { status: 200, body: { ok: 1 } },
      ],
      slept: [7000],
      outcome: OK,
    },
    {
      name: 'prefers retry-after over the reset header',
      rules: gitlabLike,
      replies: [
        {
          status: 429,
          headers: { 'retry-after': '5', 'ratelimit-reset': resetIn(60) },
        },
        { status: 200, body: { ok: 1 } },
      ],
      slept: [5000],
      outcome: OK,
    },
    {
      name: 'waits until the reset plus a second when the rules say so',
      rules: githubLike,
      replies: [
        {
          status: 403,
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': resetIn(120),
          },
        },
        { status: 200, body: { ok: 1 } },
      ],
      slept: [121_000],
      outcome: OK,
    },
    {
      name: 'waits for a reset named on a 429 (GitLab-like)',
      rules: gitlabLike,
      replies: [
        { status: 429, headers: { 'ratelimit-reset': resetIn(60) } },
        { status: 200, body: { ok: 1 } },
      ],
      slept: [61_000],
      outcome: OK,
    },
    {
      name: 'backs off exponentially, then gives up after maxRetries',
      rules: gitlabLike,
      replies: [
        { status: 429 },
        { status: 429 },
        { status: 429 },
        { status: 429 },
      ],
      slept: [30_000, 60_000, 120_000],
      outcome: failure(/Test API 429/),
    },
    {
      name: 'does not retry a status the rules do not list',
      rules: gitlabLike,
      replies: [{ status: 403, headers: { 'retry-after': '1' } }],
      slept: [],
      outcome: failure(/Test API 403/),
    },
    {
      name: 'does not retry when the rules see no rate limit',
      rules: githubLike,
      replies: [
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '12' },
          body: { message: 'Resource not accessible' },
        },
      ],
      slept: [],
      outcome: failure(/Resource not accessible/),
    },
    {
      name: 'fails instead of waiting beyond the longest wait',
      rules: gitlabLike,
      replies: [{ status: 429, headers: { 'ratelimit-reset': resetIn(3600) } }],
      slept: [],
      outcome: failure(/rate limited until 1970-01-01T01:16:41.000Z/),
    },
  ])('$name', async ({ rules, replies, slept, outcome }) => {
    const s = await startReplayServer(replies);
    close = s.close;
    const { c, slept: actual } = client(s.url, rules);
    const settled = await c.get('/x').then(
      body => ({ body }),
      (error: Error) => ({
        error: error.message,
        provider: error instanceof TestApiError,
      }),
    );
    expect(settled).toEqual(outcome);
    expect(actual).toEqual(slept);
  });

  it.each<{
    rules: RateLimitRules;
    headers: Record<string, string>;
    state: unknown;
  }>([
    {
      rules: githubLike,
      headers: {
        'x-ratelimit-remaining': '4990',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-reset': '1767225600',
      },
      state: {
        remaining: 4990,
        limit: 5000,
        resetAt: '2026-01-01T00:00:00.000Z',
      },
    },
    {
      rules: gitlabLike,
      headers: { 'ratelimit-remaining': '3' },
      state: { remaining: 3, limit: null, resetAt: null },
    },
    {
      rules: gitlabLike,
      headers: {},
      state: { remaining: null, limit: null, resetAt: null },
    },
  ])('reads the headroom from $rules.headers.remaining', async t => {
    const s = await startReplayServer([
      { status: 200, headers: t.headers, body: [] },
    ]);
    close = s.close;
    const { c } = client(s.url, t.rules);
    await c.get('/x');
    expect(c.rateLimitState).toEqual(t.state);
  });

  it('revalidates with the ETag and serves the 304 from its cache', async () => {
    const s = await startReplayServer([
      { status: 200, headers: { etag: '"v1"' }, body: [1, 2] },
      { status: 304, headers: { etag: '"v1"' } },
    ]);
    close = s.close;
    const { c } = client(s.url, githubLike);
    expect(await c.get('/list')).toEqual([1, 2]);
    expect(await c.get('/list')).toEqual([1, 2]);
    expect(s.seen[0]['if-none-match']).toBeUndefined();
    expect(s.seen[1]['if-none-match']).toBe('"v1"');
    expect(s.seen[1].authorization).toBe('Bearer t');
    expect(s.seen[1].accept).toBe('application/test+json');
  });

  it('follows Link rel="next", also the one cached with a 304', async () => {
    const replies: ReplayReply[] = [];
    const s = await startReplayServer(replies);
    close = s.close;
    const link = { link: `<${s.url}/items?page=2>; rel="next"` };
    replies.push(
      { status: 200, headers: { ...link, etag: '"p1"' }, body: [1, 2] },
      { status: 200, body: [3] },
      { status: 304 },
      { status: 200, body: [3, 4] },
    );
    const { c } = client(s.url, githubLike);
    const read = async () => {
      const pages: number[][] = [];
      for await (const page of c.paginate<number>('/items')) pages.push(page);
      return pages;
    };
    expect(await read()).toEqual([[1, 2], [3]]);
    expect(await read()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(s.paths).toEqual([
      '/items',
      '/items?page=2',
      '/items',
      '/items?page=2',
    ]);
  });

  it('collects every page with all() and maps bodies with pick', async () => {
    const replies: ReplayReply[] = [];
    const s = await startReplayServer(replies);
    close = s.close;
    replies.push(
      {
        status: 200,
        headers: { link: `<${s.url}/items?page=2>; rel="next"` },
        body: { items: [1, 2] },
      },
      { status: 200, body: { items: [3] } },
      {
        status: 200,
        headers: { link: `<${s.url}/items?page=2>; rel="next"` },
        body: [1, 2],
      },
      { status: 200, body: [3] },
    );
    const { c } = client(s.url, gitlabLike);
    const picked: number[][] = [];
    for await (const page of c.paginate<number>('/items', b => b.items))
      picked.push(page);
    expect(picked).toEqual([[1, 2], [3]]);
    expect(await c.all<number>('/items')).toEqual([1, 2, 3]);
    expect(s.paths).toEqual([
      '/items',
      '/items?page=2',
      '/items',
      '/items?page=2',
    ]);
  });
});

describe('parseNextLink', () => {
  it.each([
    [
      '<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last"',
      'https://a/x?page=3',
    ],
    ['<https://a/x?page=2>; rel=next', 'https://a/x?page=2'],
    ['<https://a/x?page=2>; rel="next last"', 'https://a/x?page=2'],
    ['<https://a/x?page=1>; rel="first"', undefined],
    [null, undefined],
  ])('%s → %s', (link, next) => {
    expect(parseNextLink(link)).toBe(next);
  });
});

describe('RateLimitedClient transient failures', () => {
  function transientClient(url: string, requestTimeoutMs?: number) {
    const slept: number[] = [];
    const c = new RateLimitedClient(
      {
        apiBaseUrl: url,
        headers: async () => ({}),
        clock: { now: () => NOW, sleep: async ms => void slept.push(ms) },
        // The middle of each jitter range: 1.5 s, 3 s, 6 s.
        random: () => 0.5,
        requestTimeoutMs,
      },
      api(gitlabLike),
    );
    return { c, slept };
  }
  const settle = (p: Promise<unknown>) =>
    p.then(
      body => ({ body }),
      (error: Error) => ({
        error: error.message,
        status: (error as TestApiError).status,
      }),
    );

  it.each<{
    name: string;
    replies: ReplayReply[];
    slept: number[];
    outcome: unknown;
  }>([
    {
      name: 'retries a 5xx after a jittered backoff',
      replies: [
        { status: 502 },
        { status: 503 },
        { status: 200, body: { ok: 1 } },
      ],
      slept: [750, 1500],
      outcome: OK,
    },
    {
      name: 'gives up after three transient retries with the last answer',
      replies: [
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { status: 504 },
      ],
      slept: [750, 1500, 3000],
      outcome: { error: expect.stringMatching(/Test API 504/), status: 504 },
    },
    {
      name: 'does not retry a 4xx that is no rate limit',
      replies: [{ status: 404, body: { message: 'Not Found' } }],
      slept: [],
      outcome: { error: expect.stringMatching(/Test API 404/), status: 404 },
    },
  ])('$name', async ({ replies, slept, outcome }) => {
    const s = await startReplayServer(replies);
    const { c, slept: actual } = transientClient(s.url);
    try {
      expect(await settle(c.get('/x'))).toEqual(outcome);
      expect(actual).toEqual(slept);
    } finally {
      await s.close();
    }
  });

  it('retries when nothing listens, then fails with status 0', async () => {
    const s = await startReplayServer([]);
    await s.close();
    const { c, slept } = transientClient(s.url);
    expect(await settle(c.get('/x'))).toEqual({
      error: expect.stringMatching(/Test API 0 .*no answer/),
      status: 0,
    });
    expect(slept).toEqual([750, 1500, 3000]);
  });

  it('times out a request whose answer never comes, and retries it', async () => {
    const hung: http.ServerResponse[] = [];
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests += 1;
      if (requests < 3) hung.push(res);
      else res.writeHead(200).end('{"ok":1}');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { c, slept } = transientClient(url, 50);
    try {
      expect(await settle(c.get('/x'))).toEqual(OK);
      expect(slept).toEqual([750, 1500]);
    } finally {
      hung.forEach(res => res.destroy());
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  it('does not retry once the caller aborts', async () => {
    const s = await startReplayServer([{ status: 503 }]);
    const controller = new AbortController();
    const c = new RateLimitedClient(
      {
        apiBaseUrl: s.url,
        headers: async () => ({}),
        clock: {
          now: () => NOW,
          sleep: async () => controller.abort(new Error('sync stopped')),
        },
      },
      api(gitlabLike),
    );
    try {
      await expect(c.get('/x', controller.signal)).rejects.toThrow(
        'sync stopped',
      );
    } finally {
      await s.close();
    }
  });
});

describe('jitteredBackoffMs', () => {
  it.each([
    [0, 0, 500],
    [0, 1, 1000],
    [3, 0.5, 6000],
    [10, 1, 30_000],
  ])('attempt %p with random %p waits %p ms', (attempt, random, ms) => {
    expect(jitteredBackoffMs(attempt, () => random)).toBe(ms);
  });
});
