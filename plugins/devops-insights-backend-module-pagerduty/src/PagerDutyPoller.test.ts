import { mockServices } from '@backstage/backend-test-utils';
import { FakePagerDuty, SeenRequest } from './__testUtils__/fakePagerDuty';
import {
  logEntry,
  memoryCursors,
  memorySink,
  memoryStatus,
  ref,
} from './__testUtils__/fixtures';
import {
  at_,
  DAY,
  fillScenario,
  HOUR,
  NOW,
  scenarioEntities,
} from './__testUtils__/scenario';
import { buildCatalogIndex } from './catalogIndex';
import { PagerDutyClient } from './PagerDutyClient';
import { PagerDutyPoller } from './PagerDutyPoller';

const fake = new FakePagerDuty();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/** One "backend": sink, cursors and status survive restarts; poller and client do not. */
function world() {
  const sink = memorySink();
  const cursors = memoryCursors();
  const status = memoryStatus();
  const logger = mockServices.logger.mock();
  const sleeps: number[] = [];
  let now = NOW;
  const start = (maxAttempts = 4) => {
    const client = new PagerDutyClient({
      account: {
        id: 'default',
        isDefault: true,
        apiBaseUrl: fake.baseUrl,
        auth: { type: 'token', token: fake.token },
      },
      sleep: async ms => {
        sleeps.push(ms);
      },
      now: () => now,
      random: () => 0.5,
      maxAttempts,
    });
    const poller = new PagerDutyPoller({
      clients: [client],
      loadIndex: async () => buildCatalogIndex(scenarioEntities, 'default'),
      backfillDays: 30,
      oncallLookaheadDays: 14,
      integrationServices: new Map(),
      now: () => now,
    });
    return () => poller.sync({ sink, cursors, status, logger });
  };
  return {
    sink,
    cursors,
    status,
    logger,
    sleeps,
    start,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

beforeEach(() => {
  fake.requests.length = 0;
  fake.clearFaults();
  fake.maxInFlight = 0;
  fillScenario(fake);
});

const incidentWindows = (requests: SeenRequest[]) =>
  requests
    .filter(r => r.path === '/incidents' && r.query.get('date_range') !== 'all')
    .map(r => r.query.get('since'));

describe('PagerDutyPoller', () => {
  it('ingests incidents, interrupting pages and on-call shifts of mapped entities', async () => {
    const w = world();
    await w.start()();

    const incidents = w.sink.events('incident');
    // 30-day horizon; POTHER is unmapped; PMAIL comes from the integration key.
    expect(incidents.map(i => [i.id, i.entityRef])).toEqual([
      ['PINC04', 'component:default/checkout'],
      ['PINC05', 'component:default/checkout'],
      ['PINC06', 'component:default/mail'],
      ['PINC08', 'component:default/checkout'],
      ['PINC09', 'component:default/checkout'],
      ['PINC10', 'component:default/mail'],
      ['PINC12', 'component:default/checkout'],
      ['PINC13', 'component:default/checkout'],
      ['PINC14', 'component:default/mail'],
    ]);
    expect(incidents[2].urgency).toBe('low');
    expect(incidents[0]).toMatchObject({
      urgency: 'high',
      acknowledgedAt: at_(NOW - 30 * DAY + 3 * HOUR + 10 * 60000),
      resolvedAt: at_(NOW - 30 * DAY + 4 * HOUR),
      autoResolved: true,
    });
    expect(incidents[1].autoResolved).toBe(false);
    expect(incidents[8].resolvedAt).toBeUndefined();

    // Phone and push of matched users only: no email, no unmatched PNOBODY.
    const pages = w.sink.events('page');
    expect(pages).toHaveLength(18);
    expect(new Set(pages.map(p => `${p.userRef} ${p.channel}`))).toEqual(
      new Set(['user:default/earline phone', 'user:default/tim push']),
    );
    expect(pages.find(p => p.id === 'PINC04-N1')).toMatchObject({
      incidentId: 'PINC04',
      timeZone: 'Europe/Berlin',
    });
    expect(w.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('PNOBODY'),
    );

    const shifts = w.sink.events('oncall-shift');
    const count = (entityRef: string) =>
      shifts.filter(s => s.entityRef === entityRef).length;
    expect(count('component:default/checkout')).toBe(4);
    expect(count('group:default/team-a')).toBe(7);
    expect(
      shifts
        .filter(s => s.entityRef === 'group:default/team-a')
        .every(s => s.level === 1),
    ).toBe(true);
    expect(
      shifts.filter(s => s.entityRef === 'component:default/mail'),
    ).toEqual([
      expect.objectContaining({
        userRef: 'user:default/tim',
        end: null,
        start: at_(NOW - 30 * DAY),
      }),
    ]);

    expect(w.sink.store.size).toBe(9 + 18 + 12);
    expect(w.status.failures).toEqual([]);
    expect(w.status.successes).toEqual([
      {
        target: 'default',
        // Shifts spanning two windows are sent twice (replacing, not doubling).
        rowsIngested: w.sink.calls.flat().length,
        rateLimit: { limit: 960, remaining: 900, resetAt: at_(NOW + 30000) },
      },
    ]);
    expect(w.cursors.values.get('incidents:default')).toBe(at_(NOW));
    expect(JSON.parse(w.cursors.values.get('open-incidents:default')!)).toEqual(
      ['PINC14'],
    );
    // No window exceeds the 7-day slice; every page respects the offset cap.
    expect(fake.maxInFlight).toBe(1);
  });

  it('continues from its cursors and follows open incidents until resolved', async () => {
    const w = world();
    await w.start()();
    const firstCount = w.sink.store.size;
    fake.requests.length = 0;

    w.advance(2 * HOUR);
    const open = fake.data.incidents.find(i => i.id === 'PINC14')!;
    open.status = 'resolved';
    open.resolved_at = at_(NOW + HOUR);
    fake.data.logEntries.get('PINC14')!.push(
      logEntry('PINC14-R', 'resolve_log_entry', at_(NOW + HOUR), {
        agent: ref('user_reference', 'PEARL'),
      }),
    );
    fake.data.incidents.push({
      ...open,
      id: 'PNEW',
      status: 'triggered',
      resolved_at: null,
      created_at: at_(NOW + 30 * 60000),
    });
    await w.start()();

    expect(incidentWindows(fake.requests)).toEqual([at_(NOW)]);
    expect(
      w.sink.events('incident').find(i => i.id === 'PINC14'),
    ).toMatchObject({
      resolvedAt: at_(NOW + HOUR),
      autoResolved: false,
    });
    expect(w.sink.events('incident').find(i => i.id === 'PNEW')).toBeDefined();
    // PNEW, plus team-a's shift of the week that entered the 14-day lookahead.
    expect(w.sink.store.size).toBe(firstCount + 2);
    expect(JSON.parse(w.cursors.values.get('open-incidents:default')!)).toEqual(
      ['PNEW'],
    );
  });

  it('removes future shifts PagerDuty moved or deleted on the next sync, and keeps committed history', async () => {
    const w = world();
    await w.start()();
    const shiftsAt = (prefix: string, start: number) =>
      w.sink
        .events('oncall-shift')
        .filter(s => s.id.startsWith(prefix) && s.start === at_(start))
        .map(s => s.entityRef);
    const nextWeek = NOW + 7 * DAY;
    expect(shiftsAt('ep:PEP1:', nextWeek)).toEqual([
      'component:default/checkout',
    ]);
    expect(shiftsAt('schedule:PSCHED:', nextWeek)).toEqual([
      'group:default/team-a',
    ]);
    const pastWeek = NOW - 3 * 7 * DAY;
    expect(shiftsAt('schedule:PSCHED:', pastWeek)).toHaveLength(1);

    // An override moves next week's PEP1 shift a day later; next week's
    // PSCHED shifts are deleted, and so (in PagerDuty) is a past one.
    const startsAt = (start: number) => (o: { start: string | null }) =>
      o.start === at_(start);
    const moved = fake.data.oncalls.find(
      o => o.escalation_policy.id === 'PEP1' && startsAt(nextWeek)(o),
    )!;
    moved.start = at_(nextWeek + DAY);
    fake.data.oncalls = fake.data.oncalls.filter(
      o =>
        o.schedule?.id !== 'PSCHED' ||
        !(startsAt(nextWeek)(o) || startsAt(pastWeek)(o)),
    );
    w.advance(HOUR);
    await w.start()();

    expect(w.status.failures).toEqual([]);
    expect(shiftsAt('ep:PEP1:', nextWeek)).toEqual([]);
    expect(shiftsAt('ep:PEP1:', nextWeek + DAY)).toEqual([
      'component:default/checkout',
    ]);
    expect(shiftsAt('schedule:PSCHED:', nextWeek)).toEqual([]);
    // Before the on-call cursor, history is final: not re-read, not removed.
    expect(shiftsAt('schedule:PSCHED:', pastWeek)).toHaveLength(1);
    // The shifts of other weeks are untouched.
    expect(shiftsAt('schedule:PSCHED:', NOW)).toEqual(['group:default/team-a']);
  });

  it.each([
    [
      'a 500 that outlasts the retries',
      { status: 500, body: { error: { message: 'Internal', code: 2000 } } },
    ],
    ['a dropped connection', 'drop' as const],
  ])(
    'recovers from %s mid-sync on restart: nothing lost, nothing doubled',
    async (_name, fault) => {
      const clean = world();
      await clean.start()();
      fake.requests.length = 0;

      const w = world();
      // PINC09 sits in the second 7-day window; its log cannot be read at all.
      fake.fail(r => r.path === '/incidents/PINC09/log_entries', fault, 4);
      await w.start(4)();
      expect(w.status.failures).toEqual([
        { target: 'default', error: expect.any(Error) },
      ]);
      expect(w.status.successes).toEqual([]);
      const committed = w.cursors.values.get('incidents:default')!;
      expect(committed).toBe(at_(NOW - 30 * DAY + 7 * DAY));
      expect(w.sink.events('incident').map(i => i.id)).toEqual([
        'PINC04',
        'PINC05',
        'PINC06',
      ]);

      fake.requests.length = 0;
      await w.start(4)();
      expect(w.status.successes).toHaveLength(1);
      // The restart resumes at the committed window, not at the horizon.
      expect(incidentWindows(fake.requests)[0]).toBe(committed);
      expect([...w.sink.store.keys()].sort()).toEqual(
        [...clean.sink.store.keys()].sort(),
      );
      expect(w.sink.store).toEqual(clean.sink.store);
    },
  );

  it('rides out a 429 storm without failing the sync or waiting for real', async () => {
    const w = world();
    fake.fail(
      r => r.path === '/incidents',
      {
        status: 429,
        body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '12' },
      },
      6,
    );
    fake.fail(
      r => r.path.endsWith('/log_entries'),
      { status: 429, body: {} },
      3,
    );
    await w.start(10)();
    expect(w.status.failures).toEqual([]);
    expect(w.sink.events('incident')).toHaveLength(9);
    expect(w.sleeps.filter(ms => ms === 12500)).toHaveLength(6);
    expect(w.sleeps).toHaveLength(9);
    expect(fake.maxInFlight).toBe(1);
  });
});
