import {
  DevopsInsightsEvent,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import {
  DEMO_HISTORY_DAYS,
  DEMO_SCHEDULE_AHEAD_DAYS,
  generateDemoEvents,
} from './generate';
import { isoWeekOf, mondayOf } from './operations';
import {
  DEMO_COMPONENTS,
  DEMO_GROUPS,
  DEMO_USERS,
  demoEntityRef,
  demoGroupMembers,
} from './org';
import { TEAM_OPERATIONS } from './profiles';
import { localHour } from './timeZones';
import { onCallOfEvents, toilOfEvents } from './__testUtils__/metricsOfEvents';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const ANCHORS = [
  '2025-06-01T00:00:00.000Z',
  '2025-11-27T00:00:00.000Z',
  '2026-03-10T00:00:00.000Z',
];

const cache = new Map<string, DevopsInsightsEvent[]>();
function eventsAt(anchorIso: string): DevopsInsightsEvent[] {
  let events = cache.get(anchorIso);
  if (!events) {
    const result = parseEvents(
      generateDemoEvents({ anchor: Date.parse(anchorIso) }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    events = result.events;
    cache.set(anchorIso, events);
  }
  return events;
}

type Of<T extends DevopsInsightsEvent['type']> = Extract<
  DevopsInsightsEvent,
  { type: T }
>;
const ofType = <T extends DevopsInsightsEvent['type']>(
  events: DevopsInsightsEvent[],
  type: T,
) => events.filter((e): e is Of<T> => e.type === type);

/** Entity refs of a team's scope: its components and the group itself. */
const teamScope = (team: string) => [
  ...DEMO_COMPONENTS.filter(c => c.owner === team).map(c =>
    demoEntityRef('component', c.name),
  ),
  demoEntityRef('group', team),
];
const teamOfComponent = (ref: string) =>
  DEMO_COMPONENTS.find(c => demoEntityRef('component', c.name) === ref)!.owner;
const zoneOf = new Map(
  DEMO_USERS.map(u => [demoEntityRef('user', u.name), u.timeZone]),
);
const ms = (iso: string) => Date.parse(iso);

describe('on-call shifts', () => {
  it.each(ANCHORS)(
    'cover every team and level without gaps or overlaps from the history start to 14 days ahead (anchor %s)',
    anchorIso => {
      const anchor = Date.parse(anchorIso);
      const from = anchor - DEMO_HISTORY_DAYS * DAY_MS;
      const until = anchor + DEMO_SCHEDULE_AHEAD_DAYS * DAY_MS;
      const shifts = ofType(eventsAt(anchorIso), 'oncall-shift');
      for (const [team, ops] of Object.entries(TEAM_OPERATIONS)) {
        const members = new Set(
          demoGroupMembers(team).map(n => demoEntityRef('user', n)),
        );
        for (const level of [1, 2]) {
          const own = shifts
            .filter(
              s =>
                s.entityRef === demoEntityRef('group', team) &&
                s.level === level,
            )
            .sort((a, b) => ms(a.start) - ms(b.start));
          expect(own.length).toBeGreaterThan(0);
          expect(own.every(s => members.has(s.userRef))).toBe(true);
          expect(new Set(own.map(s => s.scheduleName))).toEqual(
            new Set([`${team} ${level === 1 ? 'primary' : 'secondary'}`]),
          );
          expect(ms(own[0].start)).toBe(from);
          const permanent = level === 2 && ops.permanentSecondary;
          // The permanent shift has no end; the rotations reach 14 days ahead.
          expect(own.map(s => s.end ?? null).slice(-1)[0]).toBe(
            permanent ? null : new Date(until).toISOString(),
          );
          if (permanent) continue;
          for (let i = 1; i < own.length; i++) {
            expect(own[i].start).toBe(own[i - 1].end);
            // Weekly rotation: the next person takes over.
            expect(own[i].userRef).not.toBe(own[i - 1].userRef);
            // Handover Monday 09:00 in the team's zone.
            const start = ms(own[i].start);
            expect(localHour(ops.timeZone, start)).toBe(9);
            const weekday = new Intl.DateTimeFormat('en-US', {
              timeZone: ops.timeZone,
              weekday: 'short',
            }).format(new Date(start));
            expect(weekday).toBe('Mon');
          }
        }
        // Nobody is primary and secondary at once.
        const primary = shifts.filter(
          s => s.entityRef === demoEntityRef('group', team) && s.level === 1,
        );
        const secondary = shifts.filter(
          s => s.entityRef === demoEntityRef('group', team) && s.level === 2,
        );
        for (const p of primary) {
          const clash = secondary.find(
            s =>
              s.userRef === p.userRef &&
              ms(s.start) < ms(p.end!) &&
              (s.end === null ||
                s.end === undefined ||
                ms(s.end) > ms(p.start)),
          );
          expect(clash).toBeUndefined();
        }
      }
    },
  );

  it('has exactly one permanent shift, a manager as level 2', () => {
    const permanent = ofType(eventsAt(ANCHORS[0]), 'oncall-shift').filter(
      s => s.end === null,
    );
    expect(permanent).toEqual([
      expect.objectContaining({
        entityRef: 'group:default/storefront',
        userRef: 'user:default/amelia.hart',
        level: 2,
        scheduleUrl: expect.stringMatching(/^https:\/\//),
      }),
    ]);
  });
});

describe('pages', () => {
  const anchorIso = ANCHORS[1];
  const events = eventsAt(anchorIso);
  const incidents = new Map(
    ofType(events, 'incident').map(i => [i.id, i] as const),
  );
  const shifts = ofType(events, 'oncall-shift');
  const onCall = (team: string, level: number, at: number) =>
    shifts.find(
      s =>
        s.entityRef === demoEntityRef('group', team) &&
        s.level === level &&
        ms(s.start) <= at &&
        (s.end === null || s.end === undefined || at < ms(s.end)),
    )?.userRef;

  it('notify the on-call responders of an incident of the same component', () => {
    const problems: string[] = [];
    for (const page of ofType(events, 'page')) {
      const incident = incidents.get(page.incidentId!);
      if (!incident || incident.entityRef !== page.entityRef) {
        problems.push(`${page.id}: incident`);
        continue;
      }
      const created = ms(incident.createdAt);
      const delay = ms(page.notifiedAt) - created;
      const team = teamOfComponent(page.entityRef);
      const escalation = page.id.endsWith('-L2');
      if (escalation) {
        // After 15 minutes without acknowledgement, to level 2.
        if (delay < 15 * MINUTE_MS || delay > 16 * MINUTE_MS) {
          problems.push(`${page.id}: escalation delay ${delay}`);
        }
        const acked = incident.acknowledgedAt && ms(incident.acknowledgedAt);
        if (acked && acked < created + 15 * MINUTE_MS) {
          problems.push(`${page.id}: escalated though acknowledged`);
        }
      } else if (delay < 0 || delay > 60 * 1000) {
        problems.push(`${page.id}: delay ${delay}`);
      }
      if (page.userRef !== onCall(team, escalation ? 2 : 1, created)) {
        problems.push(`${page.id}: ${page.userRef} not on call`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reach most incidents, mostly by interrupting channels', () => {
    const pages = ofType(events, 'page');
    const paged = new Set(pages.map(p => p.incidentId));
    expect(paged.size).toBeGreaterThan(incidents.size * 0.95);
    const email = pages.filter(p => p.channel === 'email').length;
    expect(email).toBeGreaterThan(0);
    expect(email).toBeLessThan(pages.length * 0.3);
  });
});

describe('ci runs', () => {
  it('re-run failed attempts under the same name and follow them', () => {
    const runs = ofType(eventsAt(ANCHORS[0]), 'ci-run');
    const byId = new Map(runs.map(r => [r.id, r] as const));
    const problems: string[] = [];
    for (const run of runs.filter(r => r.attempt > 1)) {
      const previous = byId.get(run.id.replace(/-\d+$/, `-${run.attempt - 1}`));
      // The first attempt may lie before the history.
      if (!previous) continue;
      if (
        previous.name !== run.name ||
        previous.status !== 'failure' ||
        ms(run.startedAt) < ms(previous.finishedAt!) ||
        run.trigger !== 'automatic'
      ) {
        problems.push(run.id);
      }
    }
    expect(problems).toEqual([]);
    const durations = runs
      .filter(r => r.finishedAt)
      .map(r => ms(r.finishedAt!) - ms(r.startedAt));
    expect(Math.max(...durations)).toBeLessThan(4 * HOUR_MS);
    expect(Math.min(...durations)).toBeGreaterThan(30 * 1000);
  });
});

describe('toil reports', () => {
  it('name members of the owning team, ISO weeks and 1–8 hours', () => {
    const reports = ofType(eventsAt(ANCHORS[2]), 'toil-report');
    const problems: string[] = [];
    for (const r of reports) {
      const team = r.entityRef.startsWith('group:')
        ? r.entityRef.split('/')[1]
        : teamOfComponent(r.entityRef);
      const members = demoGroupMembers(team).map(n => demoEntityRef('user', n));
      if (!members.includes(r.userRef!)) problems.push(`${r.id} user`);
      if (r.hours < 1 || r.hours > 8) problems.push(`${r.id} hours`);
    }
    expect(problems).toEqual([]);
    // A few per team and month.
    for (const group of DEMO_GROUPS.filter(g => g.type !== 'department')) {
      const own = reports.filter(r =>
        teamScope(group.name).includes(r.entityRef),
      );
      expect(own.length).toBeGreaterThanOrEqual(6);
    }
  });

  it.each([
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2021-01-04T00:00:00Z', '2021-W01'],
    ['2020-12-28T00:00:00Z', '2020-W53'],
    ['2026-03-09T00:00:00Z', '2026-W11'],
  ])('isoWeekOf(mondayOf(%s)) is %s', (time, week) => {
    expect(isoWeekOf(mondayOf(Date.parse(time)))).toBe(week);
  });
});

describe('toil and on-call load per team', () => {
  const overCapTeam = 'back-office';
  const teams = DEMO_GROUPS.filter(g => g.type !== 'department').map(
    g => g.name,
  );

  it.each(ANCHORS)(
    `puts ${overCapTeam} over the 50 %% toil cap and keeps storefront healthy over the last 30 days (anchor %s)`,
    anchorIso => {
      const anchor = Date.parse(anchorIso);
      const toil = Object.fromEntries(
        teams.map(team => [
          team,
          toilOfEvents(
            eventsAt(anchorIso),
            teamScope(team),
            demoGroupMembers(team).length,
            anchor,
            30,
          ),
        ]),
      );
      // Capacity: members × 40 h × 30 / 7.
      expect(toil[overCapTeam].capacityHours).toBeCloseTo(
        (demoGroupMembers(overCapTeam).length * 40 * 30) / 7,
      );
      expect(toil[overCapTeam].status).toBe('over-cap');
      expect(toil[overCapTeam].share!).toBeGreaterThan(0.6);
      expect(toil[overCapTeam].share!).toBeLessThan(1);
      // Every signal contributes.
      expect(
        toil[overCapTeam].signals.filter(s => s.hours === 0).map(s => s.key),
      ).toEqual([]);
      expect(toil.storefront.status).toBe('healthy');
      expect(toil.storefront.share!).toBeLessThan(0.15);
      expect(
        teams.filter(
          team => team !== overCapTeam && toil[team].status === 'over-cap',
        ),
      ).toEqual([]);
    },
  );

  it.each(ANCHORS)(
    `overloads the ${overCapTeam} responders, often at night, and nobody else (anchor %s)`,
    anchorIso => {
      const anchor = Date.parse(anchorIso);
      const responders = teams.flatMap(
        team =>
          onCallOfEvents(
            eventsAt(anchorIso),
            teamScope(team),
            zoneOf,
            anchor,
            30,
          ).responders,
      );
      const overCapMembers = demoGroupMembers(overCapTeam).map(n =>
        demoEntityRef('user', n),
      );
      expect(
        responders.filter(r => r.flags.overloaded).map(r => r.userRef),
      ).toEqual(overCapMembers);
      // Everyone else well below: at most one page per 12 h on call.
      expect(
        responders
          .filter(r => !overCapMembers.includes(r.userRef))
          .filter(r => (r.pagesPer12h ?? 0) > 1)
          .map(r => r.userRef),
      ).toEqual([]);
      // Woken up a lot: at least 40 % of their pages in sleep hours.
      expect(
        responders
          .filter(r => overCapMembers.includes(r.userRef))
          .filter(r => r.pagesByBand.sleep < r.pages * 0.4)
          .map(r => r.userRef),
      ).toEqual([]);
      // Time zones come from the catalog annotation.
      expect(responders.every(r => r.timeZone === zoneOf.get(r.userRef))).toBe(
        true,
      );
    },
  );
});
