import { FakePagerDuty } from './__testUtils__/fakePagerDuty';
import { incident } from './__testUtils__/fixtures';
import {
  MAX_OFFSET,
  PagerDutyApiError,
  PagerDutyClient,
  splitRange,
} from './PagerDutyClient';
import { PdIncident, PdUser } from './types';

// Paging 10 000 incidents through a real HTTP server takes seconds on a busy
// machine; a test cut off by jest's 5 s default leaves requests running into
// the next one.
jest.setTimeout(60_000);

const fake = new FakePagerDuty();
let sleeps: number[];
let clock: number;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
  fake.clearFaults();
  fake.data.users = [];
  fake.data.incidents = [];
  fake.honourTotal = true;
  fake.maxInFlight = 0;
  sleeps = [];
  clock = Date.parse('2026-03-01T00:00:00Z');
});

function client(
  overrides: Partial<ConstructorParameters<typeof PagerDutyClient>[0]> = {},
) {
  return new PagerDutyClient({
    account: {
      id: 'default',
      isDefault: true,
      apiBaseUrl: fake.baseUrl,
      auth: { type: 'token', token: fake.token },
    },
    // Never wait for real: record the wait and move the clock instead.
    sleep: async ms => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
}

const users = (n: number): PdUser[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `PU${i}`,
    email: `u${i}@example.com`,
  }));

describe('splitRange', () => {
  it('covers the range with windows no longer than the maximum', () => {
    expect(splitRange(0, 25, 10)).toEqual([
      { since: 0, until: 10 },
      { since: 10, until: 20 },
      { since: 20, until: 25 },
    ]);
    expect(splitRange(5, 5, 10)).toEqual([]);
  });
});

describe('PagerDutyClient', () => {
  it('authenticates with Token token= and the versioned Accept header', async () => {
    fake.data.users = users(1);
    await client().list('/users', 'users');
    expect(fake.requests[0].authorization).toBe(`Token token=${fake.token}`);
    expect(fake.requests[0].accept).toBe(
      'application/vnd.pagerduty+json;version=2',
    );
  });

  it('follows `more` across pages of 100', async () => {
    fake.data.users = users(250);
    const rows = await client().list<PdUser>('/users', 'users');
    expect(rows.map(u => u.id)).toEqual(users(250).map(u => u.id));
    expect(fake.requests.map(r => r.query.get('offset'))).toEqual([
      '0',
      '100',
      '200',
    ]);
    expect(fake.requests.every(r => r.query.get('limit') === '100')).toBe(true);
  });

  it.each([
    ['with total=true', true],
    ['without total (offset cap fallback)', false],
  ])(
    'splits a window holding more than 10 000 incidents %s',
    async (_n, honour) => {
      fake.honourTotal = honour;
      const start = Date.parse('2026-01-01T00:00:00Z');
      fake.data.incidents = Array.from({ length: MAX_OFFSET + 250 }, (_, i) =>
        incident(
          `PI${String(i).padStart(6, '0')}`,
          'PSVC1',
          new Date(start + i * 5000).toISOString(),
        ),
      );
      const rows = await client().listWindow<PdIncident>(
        '/incidents',
        'incidents',
        {},
        start,
        start + 24 * 3600 * 1000,
      );
      const ids = rows.map(r => r.id);
      expect(new Set(ids).size).toBe(MAX_OFFSET + 250);
      expect(ids.length).toBe(MAX_OFFSET + 250);
      for (const r of fake.requests) {
        expect(
          Number(r.query.get('offset')) + Number(r.query.get('limit')),
        ).toBeLessThanOrEqual(MAX_OFFSET);
      }
      const ranges = new Set(
        fake.requests.map(
          r => `${r.query.get('since')}..${r.query.get('until')}`,
        ),
      );
      expect(ranges.size).toBeGreaterThan(1);
    },
  );

  it('rides out a 429 storm with backoff, honouring ratelimit-reset', async () => {
    fake.data.users = users(1);
    const limited = {
      status: 429,
      body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
    };
    fake.fail(
      () => true,
      {
        ...limited,
        headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '20' },
      },
      2,
    );
    // PagerDuty may also answer 429 without any rate-limit header.
    fake.fail(
      () => true,
      {
        ...limited,
        headers: {
          'ratelimit-limit': '',
          'ratelimit-remaining': '',
          'ratelimit-reset': '',
        },
      },
      4,
    );
    const pd = client();
    const rows = await pd.list('/users', 'users');
    expect(rows).toHaveLength(1);
    expect(fake.requests).toHaveLength(7);
    // 20 s reset + 0.5 s jitter twice, then exponential: 0.75 × 2^attempt s.
    expect(sleeps).toEqual([20500, 20500, 3000, 6000, 12000, 24000]);
    expect(pd.rateLimit).toEqual({
      limit: 960,
      remaining: 900,
      resetAt: new Date(clock + 30000).toISOString(),
    });
  });

  it('retries a 500 and a dropped connection', async () => {
    fake.data.users = users(1);
    fake.fail(() => true, {
      status: 500,
      body: { error: { message: 'oops', code: 2000 } },
    });
    fake.fail(() => true, 'drop');
    expect(await client().list('/users', 'users')).toHaveLength(1);
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up after maxAttempts with the status and code', async () => {
    fake.fail(
      () => true,
      { status: 500, body: { error: { message: 'oops', code: 2000 } } },
      10,
    );
    const error = await client({ maxAttempts: 3 })
      .get('/users')
      .catch(e => e);
    expect(error).toBeInstanceOf(PagerDutyApiError);
    expect(error).toMatchObject({ status: 500, code: 2000 });
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    fake.fail(() => true, {
      status: 400,
      body: { error: { message: 'Invalid Query Date Range', code: 2005 } },
    });
    await expect(client().get('/incidents')).rejects.toMatchObject({
      status: 400,
      code: 2005,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('serialises concurrent requests of one account', async () => {
    fake.data.users = users(1);
    const pd = client();
    await Promise.all(Array.from({ length: 6 }, () => pd.get('/users')));
    expect(fake.requests).toHaveLength(6);
    expect(fake.maxInFlight).toBe(1);
  });

  it('waits for the reset when the budget is spent instead of causing a 429', async () => {
    fake.data.users = users(1);
    fake.fail(() => true, {
      status: 200,
      body: { users: [], more: false },
      headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '7' },
    });
    const pd = client();
    await pd.get('/users');
    await pd.get('/users');
    expect(sleeps).toEqual([7000]);
  });

  it('uses an OAuth bearer token, fetched once and refreshed on 401', async () => {
    fake.data.users = users(1);
    const before = fake.tokenRequests;
    const pd = client({
      account: {
        id: 'eu',
        isDefault: true,
        apiBaseUrl: fake.baseUrl,
        auth: {
          type: 'oauth',
          clientId: 'c',
          clientSecret: 's',
          subDomain: 'acme',
          region: 'eu',
        },
      },
      tokenUrl: `${fake.baseUrl}/oauth/token`,
    });
    await pd.get('/users');
    await pd.get('/users');
    expect(fake.tokenRequests - before).toBe(1);
    fake.fail(() => true, {
      status: 401,
      body: { error: { message: 'Authentication failed', code: 2006 } },
    });
    await pd.get('/users');
    expect(fake.tokenRequests - before).toBe(2);
    expect(fake.requests.at(-1)?.authorization).toBe(
      `Bearer ${fake.oauthToken}`,
    );
  });
});
