import fc from 'fast-check';
import {
  onCallOf,
  exceedsSreLimit,
  hourBand,
  level1OnCallHours,
  onCallSteps,
} from './oncall';
import { IncidentRow, PageRow, ShiftRow } from './rows';
import { prng } from './__testUtils__/prng';
import { incidentRow } from './__testUtils__/rows';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const WINDOW = { from: T0, to: T0 + 7 * DAY };
const ANN = 'user:default/ann';
const BOB = 'user:default/bob';

function shift(
  id: string,
  userRef: string,
  start: number,
  end: number | null,
  level = 1,
  entityRef = 'group:default/team',
): ShiftRow {
  return {
    source: 'pd',
    id,
    entityRef,
    userRef,
    start,
    end,
    level,
    scheduleName: null,
    scheduleUrl: null,
  };
}
function page(
  id: string,
  userRef: string,
  notifiedAt: number,
  extra: Partial<PageRow> = {},
): PageRow {
  return {
    source: 'pd',
    id,
    entityRef: 'component:default/a',
    userRef,
    notifiedAt,
    channel: 'push',
    incidentId: null,
    timeZone: null,
    ...extra,
  };
}
const inc = (id: string, createdAt: number, extra: Partial<IncidentRow> = {}) =>
  incidentRow(id, createdAt, extra);

const onCall = (
  input: Partial<Parameters<typeof onCallOf>[0]>,
  window = WINDOW,
) =>
  onCallOf(
    {
      shifts: [],
      pages: [],
      incidents: [],
      userTimeZones: new Map(),
      defaultTimeZone: 'UTC',
      now: T0 + 2 * DAY,
      ...input,
    },
    window,
  );

describe('hour bands', () => {
  it.each([
    ['2026-03-02T07:59:00Z', 'UTC', 'sleep'], // Monday before 08:00
    ['2026-03-02T08:00:00Z', 'UTC', 'business'],
    ['2026-03-02T17:59:00Z', 'UTC', 'business'],
    ['2026-03-02T18:00:00Z', 'UTC', 'off'],
    ['2026-03-02T22:00:00Z', 'UTC', 'sleep'],
    ['2026-03-07T12:00:00Z', 'UTC', 'off'], // Saturday noon
    ['2026-03-07T23:00:00Z', 'UTC', 'sleep'], // Saturday night
    ['2026-03-02T08:00:00Z', 'America/New_York', 'sleep'], // 03:00 in New York
    // Europe's DST change, 2026-03-29 01:00 UTC: 07:30 UTC is 08:30 CEST, after 08:00.
    ['2026-03-28T07:30:00Z', 'Europe/Berlin', 'off'], // Saturday 08:30 CET
    ['2026-03-30T06:30:00Z', 'Europe/Berlin', 'business'], // Monday 08:30 CEST
    ['2026-03-27T06:30:00Z', 'Europe/Berlin', 'sleep'], // Friday 07:30 CET
    ['2026-11-02T13:30:00Z', 'America/New_York', 'business'], // Monday 08:30 EST, after US DST ends
  ] as const)('%s in %s is %s', (time, zone, band) => {
    expect(hourBand(Date.parse(time), zone)).toBe(band);
  });

  it('are what the zone shows at the instant, across DST changes and offsets of any minutes', () => {
    const direct = (time: number, timeZone: string): string => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        hour: 'numeric',
        weekday: 'short',
      }).formatToParts(new Date(time));
      const hour = Number(parts.find(p => p.type === 'hour')!.value);
      const weekday = parts.find(p => p.type === 'weekday')!.value;
      if (hour >= 22 || hour < 8) return 'sleep';
      if (!['Sat', 'Sun'].includes(weekday) && hour < 18) return 'business';
      return 'off';
    };
    // Zones with DST, half-hour and 45-minute offsets, a 30-minute DST
    // change (Lord Howe) and a local mean time of odd minutes (1890s Paris).
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Europe/Paris',
    ];
    const starts = [
      Date.parse('2026-03-08T05:00:00Z'), // US DST begins
      Date.parse('2026-03-29T00:00:00Z'), // EU DST begins
      Date.parse('2026-04-04T14:00:00Z'), // Lord Howe falls back 30 min
      Date.parse('2026-10-25T00:00:00Z'), // EU DST ends
      Date.parse('1890-06-02T00:00:00Z'), // Paris mean time, +0:09:21
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...starts),
        fc.integer({ min: 0, max: 4 * 24 * 3600 }),
        (zone, start, seconds) => {
          const time = start + seconds * 1000 + (seconds % 1000);
          expect(hourBand(time, zone)).toBe(direct(time, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('responders', () => {
  it('counts on-call time as the overlap with the window, permanent shifts to its end', () => {
    const r = onCall({
      shifts: [
        shift('before', ANN, T0 - DAY, T0 + 12 * HOUR), // 12 h inside
        shift('overlap', ANN, T0 + 6 * HOUR, T0 + 24 * HOUR), // overlaps the first: union is 24 h
        shift('permanent', BOB, T0 + 6 * DAY, null, 2), // 24 h to the window end
        shift('after', BOB, WINDOW.to, WINDOW.to + DAY),
      ],
    });
    expect(
      r.responders.map(x => [x.userRef, x.onCallHours, x.onCallShare]),
    ).toEqual([
      [ANN, 24, 24 / 168],
      [BOB, 24, 24 / 168],
    ]);
    expect(r.team.level1CoverageHours).toBe(24);
  });

  it('counts interrupting pages per 12 h on call, by band, and flags overload and sleep', () => {
    const r = onCall({
      shifts: [
        shift('s', ANN, T0, T0 + 12 * HOUR),
        shift('t', BOB, T0, T0 + 7 * DAY),
      ],
      pages: [
        page('p1', ANN, T0 + 2 * HOUR), // 02:00 UTC: sleep
        page('p2', ANN, T0 + 9 * HOUR), // business
        page('p3', ANN, T0 + 10 * HOUR, { timeZone: 'Asia/Tokyo' }), // 19:00 Tokyo: off
        page('mail', ANN, T0 + 11 * HOUR, { channel: 'email' }),
        page('late', ANN, WINDOW.to),
        page('b1', BOB, T0 + 9 * HOUR),
      ],
    });
    const ann = r.responders.find(x => x.userRef === ANN)!;
    expect(ann).toMatchObject({
      pages: 3,
      pagesPer12h: 3,
      pagesByBand: { sleep: 1, business: 1, off: 1 },
      flags: { overloaded: true, overOnCallCap: false, sleepInterrupted: true },
    });
    const bob = r.responders.find(x => x.userRef === BOB)!;
    expect(bob).toMatchObject({
      pages: 1,
      onCallShare: 1,
      flags: {
        overloaded: false,
        overOnCallCap: true,
        sleepInterrupted: false,
      },
    });
    expect(r.team.fairness).toBe(3 / 2);
  });

  it('reads bands in the user zone when the page has none', () => {
    const r = onCall({
      pages: [page('p', ANN, Date.parse('2026-03-02T13:00:00Z'))], // 08:00 in New York
      userTimeZones: new Map([[ANN, 'America/New_York']]),
    });
    expect(r.responders[0]).toMatchObject({
      timeZone: 'America/New_York',
      pagesByBand: { business: 1, sleep: 0, off: 0 },
      pagesPer12h: null,
      onCallHours: 0,
    });
  });
});

describe('now, upcoming and incidents', () => {
  it('lists who is on call now and the next 14 days', () => {
    const now = T0 + 2 * DAY;
    const r = onCall({
      now,
      shifts: [
        shift('past', ANN, T0, now),
        shift('current-2', BOB, T0, null, 2),
        shift('current-1', ANN, now, now + DAY),
        shift('next', BOB, now + 13 * DAY, now + 15 * DAY),
        shift('far', ANN, now + 14 * DAY, now + 15 * DAY),
      ],
    });
    expect(r.now.shifts.map(s => [s.userRef, s.level])).toEqual([
      [ANN, 1],
      [BOB, 2],
    ]);
    expect(r.upcoming.map(s => s.userRef)).toEqual([BOB, ANN, BOB]);
  });

  it('computes MTTA, MTTR, incidents per 12 h of level-1 coverage and postmortem coverage', () => {
    const r = onCall({
      shifts: [shift('s', ANN, T0, T0 + 3 * DAY)], // 72 h of level-1 coverage
      incidents: [
        inc('a', T0 + HOUR, {
          acknowledgedAt: T0 + HOUR + 2 * MIN,
          resolvedAt: T0 + 2 * HOUR,
          postmortemUrl: 'pm',
        }),
        inc('b', T0 + HOUR, {
          acknowledgedAt: T0 + HOUR + 4 * MIN,
          resolvedAt: T0 + 4 * HOUR,
        }),
        inc('c', T0 + HOUR, { urgency: 'low', resolvedAt: T0 + 2 * HOUR }),
        inc('open', T0 + 2 * HOUR),
        inc('old', T0 - DAY, {
          acknowledgedAt: T0 - DAY + MIN,
          resolvedAt: T0 + HOUR,
        }),
      ],
    });
    // Resolved in the window: 1 h, 3 h, 1 h (low urgency counts here) and 25 h.
    expect(r.incidents).toEqual({
      created: 4,
      mttaSeconds: 180,
      mttrSeconds: 2 * 3600,
    });
    expect(r.team.incidentsPer12h).toBe(4 / 6);
    expect(r.team.postmortemCoverage).toBe(1 / 3);
  });

  it('gives nulls without data', () => {
    const r = onCall({});
    expect(r.incidents).toEqual({
      created: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    });
    expect(r.team).toEqual({
      level1CoverageHours: 0,
      level1OnCallHours: 0,
      incidentsPer12h: null,
      pagesPer12h: null,
      offHoursPagesPerResponderWeek: null,
      fairness: null,
      postmortemCoverage: null,
    });
    expect(r.responders).toEqual([]);
  });
});

describe('pooled on-call load', () => {
  const TEAM_A = 'group:default/team-a';
  const TEAM_B = 'group:default/team-b';

  it('sums the level-1 hours of parallel rotations: two teams on call all week pool 2 × 168 h', () => {
    const r = onCall({
      shifts: [
        shift('a', ANN, T0, WINDOW.to, 1, TEAM_A),
        shift('b', BOB, T0, WINDOW.to, 1, TEAM_B),
        shift('b2', ANN, T0, WINDOW.to, 2, TEAM_B), // level 2: not a shift of its own
      ],
      pages: [
        ...Array.from({ length: 14 }, (_, i) =>
          page(`a${i}`, ANN, T0 + i * 12 * HOUR),
        ),
        ...Array.from({ length: 28 }, (_, i) =>
          page(`b${i}`, BOB, T0 + i * 6 * HOUR),
        ),
      ],
      incidents: [inc('i', T0 + HOUR)],
    });
    // Team A: 14 pages in 14 shifts = 1; team B: 2; pooled: 42 pages in 28 shifts.
    expect(r.team).toMatchObject({
      level1CoverageHours: 168,
      level1OnCallHours: 336,
      pagesPer12h: 1.5,
      incidentsPer12h: 1 / 28,
    });
    expect(exceedsSreLimit(r.team.pagesPer12h)).toBe(false);
  });

  it('counts overlapping shifts of one rotation once (a handover is not two shifts)', () => {
    expect(
      level1OnCallHours(
        [
          shift('day', ANN, T0, T0 + 13 * HOUR),
          shift('night', BOB, T0 + 12 * HOUR, T0 + 24 * HOUR),
        ],
        WINDOW,
      ),
    ).toBe(24);
  });

  it('tells schedules of one team apart: each is a rotation', () => {
    const scheduled = (id: string, userRef: string, scheduleName: string) => ({
      ...shift(id, userRef, T0, T0 + DAY),
      scheduleName,
    });
    expect(
      level1OnCallHours(
        [scheduled('p', ANN, 'Payments'), scheduled('c', BOB, 'Checkout')],
        WINDOW,
      ),
    ).toBe(48);
  });

  it('SRE limit: over 2 per 12 h only', () => {
    expect([null, 0, 2, 2.01].map(exceedsSreLimit)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('never rates a pool above the highest of its parts, for disjoint rotations (random orgs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = prng(seed);
      const parts = Array.from({ length: 2 + r.int(4) }, (_, p) => {
        const team = `group:default/team-${p}`;
        const users = [`user:default/u${p}a`, `user:default/u${p}b`];
        const shifts = Array.from({ length: 1 + r.int(6) }, (__, i) => {
          const start = T0 - DAY + r.int(8 * 24) * HOUR;
          return shift(
            `${team}-s${i}`,
            r.pick(users),
            start,
            r.chance(0.1) ? null : start + (1 + r.int(72)) * HOUR,
            r.chance(0.8) ? 1 : 2,
            team,
          );
        });
        const pages = Array.from({ length: r.int(40) }, (__, i) =>
          page(`${team}-p${i}`, r.pick(users), T0 + r.int(7 * 24 * 60) * MIN),
        );
        return { shifts, pages };
      });
      const rated = parts.map(part => onCall(part).team.pagesPer12h);
      if (rated.some(rate => rate === null)) continue; // a part without level-1 time has no rate
      const pooled = onCall({
        shifts: parts.flatMap(part => part.shifts),
        pages: parts.flatMap(part => part.pages),
      }).team.pagesPer12h!;
      expect(pooled).toBeLessThanOrEqual(
        Math.max(...(rated as number[])) * (1 + 1e-12),
      );
    }
  });
});

describe('the linear computation', () => {
  /**
   * The responders as main defined them before they were made linear
   * (filtering every row per responder), with an independent union of
   * intervals: the oracle of the property test below.
   */
  function quadraticResponders(
    shifts: ShiftRow[],
    pages: PageRow[],
    window: { from: number; to: number },
  ) {
    const hoursCovered = (intervals: Array<[number, number | null]>) => {
      const cuts = [
        ...new Set(
          intervals.flatMap(([s, e]) => [
            Math.min(Math.max(s, window.from), window.to),
            Math.min(Math.max(e ?? Infinity, window.from), window.to),
          ]),
        ),
      ].sort((a, b) => a - b);
      let ms = 0;
      for (let i = 0; i + 1 < cuts.length; i++) {
        const covered = intervals.some(
          ([s, e]) => s <= cuts[i] && (e ?? Infinity) >= cuts[i + 1],
        );
        if (covered) ms += cuts[i + 1] - cuts[i];
      }
      return ms / HOUR;
    };
    const interrupting = pages.filter(
      p =>
        p.channel !== 'email' &&
        p.notifiedAt >= window.from &&
        p.notifiedAt < window.to,
    );
    const users = new Set([
      ...shifts
        .filter(s => hoursCovered([[s.start, s.end]]) > 0)
        .map(s => s.userRef),
      ...interrupting.map(p => p.userRef),
    ]);
    return [...users].sort().map(userRef => {
      const onCallHours = hoursCovered(
        shifts
          .filter(s => s.userRef === userRef)
          .map((s): [number, number | null] => [s.start, s.end]),
      );
      const own = interrupting.filter(p => p.userRef === userRef);
      const bands = { sleep: 0, business: 0, off: 0 };
      for (const p of own) bands[hourBand(p.notifiedAt, p.timeZone ?? 'UTC')]++;
      return {
        userRef,
        onCallHours,
        pages: own.length,
        pagesPer12h: onCallHours > 0 ? own.length / (onCallHours / 12) : null,
        pagesByBand: bands,
      };
    });
  }

  it('gives every responder figure the quadratic definition gave (random rows)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const r = prng(seed);
      const users = Array.from(
        { length: 1 + r.int(12) },
        (_, i) => `user:default/u${i}`,
      );
      const shifts = Array.from({ length: r.int(30) }, (_, i) => {
        const start = T0 + (r.int(10 * 24) - 48) * HOUR;
        return shift(
          `s${i}`,
          r.pick(users),
          start,
          r.chance(0.1) ? null : start + r.int(96) * HOUR,
          1 + r.int(2),
        );
      });
      const pages = Array.from({ length: r.int(200) }, (_, i) =>
        page(
          `p${i}`,
          r.pick(users),
          T0 + (r.int(9 * 24 * 60) - 24 * 60) * MIN,
          {
            channel: r.pick(['push', 'sms', 'phone', 'email'] as const),
            timeZone: r.chance(0.3) ? 'Asia/Kolkata' : null,
          },
        ),
      );
      const expected = quadraticResponders(shifts, pages, WINDOW);
      const actual = onCall({ shifts, pages }).responders;
      expect(actual).toEqual(expected.map(e => expect.objectContaining(e)));
      expect(actual).toHaveLength(expected.length);
    }
  });

  it('pauses between chunks of rows and ends with what the uninterrupted run gives', () => {
    const pages = Array.from({ length: 5000 }, (_, i) =>
      page(`p${i}`, i % 2 ? ANN : BOB, T0 + i * MIN),
    );
    const input = {
      shifts: [shift('s', ANN, T0, T0 + DAY)],
      pages,
      incidents: [],
      userTimeZones: new Map<string, string>(),
      defaultTimeZone: 'UTC',
      now: T0,
    };
    const steps = onCallSteps(input, WINDOW);
    let pauses = 0;
    let next = steps.next();
    while (!next.done) {
      pauses += 1;
      next = steps.next();
    }
    expect(pauses).toBeGreaterThanOrEqual(5);
    expect(next.value).toEqual(onCallOf(input, WINDOW));
  });
});
