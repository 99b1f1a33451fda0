import { createHash } from 'node:crypto';
import {
  buildDoraIndex,
  DevopsInsightsEvent,
  isoWeekMonday,
  parseEvents,
  PerformanceBand,
  rowsOfEvents,
} from '@devops-insights/backstage-plugin-common';
import {
  DEMO_HISTORY_DAYS,
  DEMO_SCHEDULE_AHEAD_DAYS,
  DEMO_SOURCE_ID,
  generateDemoEvents,
  startOfUtcDay,
} from './generate';
import { DEMO_COMPONENTS, demoEntityRef } from './org';
import { TEAM_PROFILES } from './profiles';
import { isRecentSlipPatch } from './recentSlip';
import { doraOfEvents } from './__testUtils__/metricsOfEvents';

const DAY_MS = 24 * 3600 * 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;

const TYPES = [
  'deployment',
  'incident',
  'page',
  'ci-run',
  'oncall-shift',
  'toil-report',
] as const;

const ANCHORS = [
  '2025-06-01T00:00:00.000Z',
  '2025-11-27T00:00:00.000Z',
  '2026-03-10T00:00:00.000Z',
];

const cache = new Map<string, DevopsInsightsEvent[]>();
/** Generated and validated events of an anchor, computed once per anchor. */
function eventsAt(anchorIso: string): DevopsInsightsEvent[] {
  let events = cache.get(anchorIso);
  if (!events) {
    const result = parseEvents(
      generateDemoEvents({ anchor: Date.parse(anchorIso) }),
    );
    if (!result.ok) {
      throw new Error(
        `invalid events: ${JSON.stringify(result.errors.slice(0, 5))}`,
      );
    }
    events = result.events;
    cache.set(anchorIso, events);
  }
  return events;
}

const teamRefs = (team: string) =>
  DEMO_COMPONENTS.filter(c => c.owner === team).map(c =>
    demoEntityRef('component', c.name),
  );

const ms = (iso: string | undefined) =>
  iso === undefined ? undefined : Date.parse(iso);

describe('generateDemoEvents', () => {
  const anchorIso = ANCHORS[0];
  const anchor = Date.parse(anchorIso);

  it('gives the data set it always gave for a fixed anchor', () => {
    // A refactoring of the generator must not change one byte of the demo;
    // a deliberate change to the demo data updates these digests.
    const digest = (anchorAt: string) =>
      createHash('sha256')
        .update(
          JSON.stringify(generateDemoEvents({ anchor: Date.parse(anchorAt) })),
        )
        .digest('hex');
    expect(digest('2026-03-02T12:34:56Z')).toBe(
      '3a07c0f15735005471597f78fbb9d1a6310e41d9e531b26421185a33a1a0c1d4',
    );
    expect(digest('2025-07-15T00:00:00Z')).toBe(
      '857ffe3b3dbecf06d44718e606ec38cf6d33d607024709899676f99e846fe3a6',
    );
  });

  it('is deterministic: the same anchor gives byte-identical output', () => {
    const first = JSON.stringify(generateDemoEvents({ anchor }));
    const second = JSON.stringify(
      generateDemoEvents({ anchor: new Date(anchor) }),
    );
    expect(second).toBe(first);
  });

  it('keeps the finished events of shared days when the anchor moves, but the recent slip', () => {
    const earlier = generateDemoEvents({ anchor });
    const later = generateDemoEvents({ anchor: anchor + DAY_MS });
    const laterById = new Map(
      later.map(e => [`${e.type}:${e.id}`, JSON.stringify(e)]),
    );
    const laterFrom = anchor + DAY_MS - DEMO_HISTORY_DAYS * DAY_MS;
    const scheduleEnd = anchor + DEMO_SCHEDULE_AHEAD_DAYS * DAY_MS;
    // The anchor moves from a Sunday to a Monday: the week before last, which
    // holds Back Office's patch, moves with it (recentSlip.ts).
    const finished = earlier.filter(e => {
      if (isRecentSlipPatch(e.id)) return false;
      switch (e.type) {
        case 'deployment':
          return e.status !== 'in_progress' && ms(e.startedAt)! >= laterFrom;
        case 'incident':
          return e.resolvedAt !== undefined && ms(e.createdAt)! >= laterFrom;
        case 'page':
          return ms(e.notifiedAt)! >= laterFrom;
        case 'ci-run':
          return e.status !== 'in_progress' && ms(e.startedAt)! >= laterFrom;
        case 'oncall-shift':
          // Shifts touching either end of the range are clipped to it.
          return (
            ms(e.start)! > laterFrom &&
            typeof e.end === 'string' &&
            ms(e.end)! < scheduleEnd
          );
        case 'toil-report':
          return isoWeekMonday(e.week)! >= laterFrom;
        default:
          return false;
      }
    });
    expect(finished.length).toBeGreaterThan(earlier.length * 0.9);
    for (const type of TYPES) {
      expect(finished.filter(e => e.type === type).length).toBeGreaterThan(0);
    }
    for (const event of finished) {
      expect(laterById.get(`${event.type}:${event.id}`)).toBe(
        JSON.stringify(event),
      );
    }
  });

  it.each(ANCHORS)('produces only valid events (anchor %s)', a => {
    const raw = generateDemoEvents({ anchor: Date.parse(a) });
    const result = parseEvents(raw);
    expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
  });

  it.each(ANCHORS)('keeps every time inside the history (anchor %s)', a => {
    const end = Date.parse(a);
    const start = end - DEMO_HISTORY_DAYS * DAY_MS;
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => ok || problems.push(what);
    for (const e of eventsAt(a)) {
      if (e.type === 'deployment') {
        const started = ms(e.startedAt)!;
        check(started >= start && started <= end, `${e.id} startedAt`);
        const finished = ms(e.finishedAt);
        if (finished !== undefined) {
          check(finished >= started && finished <= end, `${e.id} finishedAt`);
        }
        check(
          (e.status === 'in_progress') === (finished === undefined),
          `${e.id} status`,
        );
        for (const c of e.changes ?? []) {
          const times = [c.authoredAt, c.pullRequestOpenedAt, c.mergedAt]
            .filter((t): t is string => t !== undefined)
            .map(t => Date.parse(t));
          check(
            times.every(
              (t, i) => t < started && (i === 0 || t >= times[i - 1]),
            ),
            `${e.id} change ${c.id}`,
          );
        }
      } else if (e.type === 'incident') {
        const created = ms(e.createdAt)!;
        check(created >= start && created <= end, `${e.id} createdAt`);
        for (const t of [ms(e.acknowledgedAt), ms(e.resolvedAt)]) {
          if (t !== undefined) check(t >= created && t <= end, `${e.id} times`);
        }
      } else if (e.type === 'page') {
        const notified = ms(e.notifiedAt)!;
        check(notified >= start && notified <= end, `${e.id} notifiedAt`);
      } else if (e.type === 'ci-run') {
        const started = ms(e.startedAt)!;
        check(started >= start && started <= end, `${e.id} startedAt`);
        const finished = ms(e.finishedAt);
        if (finished !== undefined) {
          check(finished >= started && finished <= end, `${e.id} finishedAt`);
        }
        check(
          (e.status === 'in_progress') === (finished === undefined),
          `${e.id} status`,
        );
      } else if (e.type === 'oncall-shift') {
        // Published up to 14 days ahead.
        const scheduleEnd = end + DEMO_SCHEDULE_AHEAD_DAYS * DAY_MS;
        const shiftStart = ms(e.start)!;
        check(shiftStart >= start && shiftStart < scheduleEnd, `${e.id} start`);
        if (e.end !== null && e.end !== undefined) {
          const shiftEnd = ms(e.end)!;
          check(
            shiftEnd > shiftStart && shiftEnd <= scheduleEnd,
            `${e.id} end`,
          );
        }
      } else {
        const monday = isoWeekMonday(e.week)!;
        check(monday >= start && monday < end, `${e.id} week`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses unique ids per type and source, and only the demo source', () => {
    const events = eventsAt(anchorIso);
    expect(new Set(events.map(e => e.source))).toEqual(
      new Set([DEMO_SOURCE_ID]),
    );
    const keys = events.map(e => `${e.type}:${e.source}:${e.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('only names components of the demo catalog', () => {
    const known = new Set(
      DEMO_COMPONENTS.map(c => demoEntityRef('component', c.name)),
    );
    const named = new Set(
      eventsAt(anchorIso)
        .filter(e => e.entityRef.startsWith('component:'))
        .map(e => e.entityRef),
    );
    expect([...named].filter(ref => !known.has(ref))).toEqual([]);
    // Every component but the never-deployed library and the service no
    // source feeds yet has data.
    expect(named).toEqual(
      new Set(
        [...known].filter(
          ref =>
            ref !== 'component:default/design-system' &&
            ref !== 'component:default/search-service',
        ),
      ),
    );
    // One service sends deployments but has no incident source.
    const typesOf = (name: string) =>
      new Set(
        eventsAt(anchorIso)
          .filter(e => e.entityRef === `component:default/${name}`)
          .map(e => e.type),
      );
    const notifications = typesOf('notifications-service');
    expect(notifications.has('deployment')).toBe(true);
    expect(notifications.has('incident')).toBe(false);
    expect(notifications.has('page')).toBe(false);
  });

  it('links remediations and causes to earlier deployments of the same entity', () => {
    const events = eventsAt(anchorIso);
    const deployments = new Map(
      events.flatMap(e =>
        e.type === 'deployment' ? [[e.id, e] as const] : [],
      ),
    );
    const problems: string[] = [];
    for (const e of events) {
      if (e.type !== 'deployment' && e.type !== 'incident') continue;
      const targetId =
        e.type === 'deployment' ? e.remediates?.deployment?.id : e.causedBy?.id;
      if (!targetId) continue;
      const target = deployments.get(targetId);
      const at = e.type === 'deployment' ? e.startedAt! : e.createdAt;
      if (
        !target ||
        target.entityRef !== e.entityRef ||
        target.environment !== 'production' ||
        target.status !== 'success' ||
        Date.parse(target.finishedAt!) > Date.parse(at)
      ) {
        problems.push(`${e.type} ${e.id} → ${targetId}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has a realistic, moderate size', () => {
    const events = eventsAt(anchorIso);
    const count = (type: string) => events.filter(e => e.type === type).length;
    expect(count('deployment')).toBeGreaterThanOrEqual(3000);
    expect(count('deployment')).toBeLessThanOrEqual(6000);
    expect(count('incident')).toBeGreaterThanOrEqual(1000);
    expect(count('incident')).toBeLessThanOrEqual(2500);
    expect(count('page')).toBeGreaterThan(count('incident'));
    expect(count('ci-run')).toBeGreaterThan(count('deployment'));
    expect(count('oncall-shift')).toBeGreaterThanOrEqual(200);
    expect(count('toil-report')).toBeGreaterThanOrEqual(100);
    // Ingestion stays a matter of seconds.
    expect(events.length).toBeLessThanOrEqual(25000);
  });

  it('covers every shape the metrics distinguish', () => {
    const events = eventsAt(anchorIso);
    const deployments = events.filter(e => e.type === 'deployment');
    const incidents = events.filter(e => e.type === 'incident');
    const pages = events.filter(e => e.type === 'page');
    const ciRuns = events.filter(e => e.type === 'ci-run');
    const shifts = events.filter(e => e.type === 'oncall-shift');
    const reports = events.filter(e => e.type === 'toil-report');
    const rows = rowsOfEvents(events);
    const index = buildDoraIndex({
      scopeEntityRefs: new Set(events.map(e => e.entityRef)),
      deployments: rows.deployments,
      incidents: rows.incidents,
    });
    const attributions = [...index.attributionByIncident.values()];
    const dedupCounts = new Map<string, number>();
    incidents.forEach(i =>
      dedupCounts.set(i.dedupKey!, (dedupCounts.get(i.dedupKey!) ?? 0) + 1),
    );
    const features: Record<string, number> = {
      staging: deployments.filter(d => d.environment === 'staging').length,
      failedPipelines: deployments.filter(d => d.status === 'failure').length,
      cancelled: deployments.filter(d => d.status === 'cancelled').length,
      manual: deployments.filter(d => d.trigger === 'manual').length,
      automatic: deployments.filter(d => d.trigger === 'automatic').length,
      rollbacks: deployments.filter(d => d.id.endsWith('-rollback')).length,
      hotfixes: deployments.filter(d => d.id.endsWith('-hotfix')).length,
      changesWithoutPr: deployments
        .flatMap(d => d.changes ?? [])
        .filter(c => !c.pullRequestOpenedAt).length,
      lowUrgency: incidents.filter(i => i.urgency === 'low').length,
      explicitCause: attributions.filter(a => a.explicit).length,
      attributedByWindow: attributions.filter(a => !a.explicit).length,
      notChangeRelated: incidents.filter(i => i.changeRelated === false).length,
      autoResolved: incidents.filter(i => i.autoResolved).length,
      open: incidents.filter(i => !i.resolvedAt).length,
      postmortems: incidents.filter(i => i.postmortemUrl).length,
      recurringDedupKeys: [...dedupCounts.values()].filter(n => n > 1).length,
      nonActionable: incidents.filter(
        i =>
          i.autoResolved &&
          !i.acknowledgedAt &&
          Date.parse(i.resolvedAt!) - Date.parse(i.createdAt) <= 15 * 60000,
      ).length,
      acknowledged: incidents.filter(i => i.acknowledgedAt).length,
      ...Object.fromEntries(
        (['push', 'phone', 'sms', 'email'] as const).map(channel => [
          `${channel}Pages`,
          pages.filter(p => p.channel === channel).length,
        ]),
      ),
      escalations: pages.filter(p => p.id.endsWith('-L2')).length,
      ciReruns: ciRuns.filter(r => r.attempt === 2).length,
      ciThirdAttempts: ciRuns.filter(r => r.attempt === 3).length,
      ciManual: ciRuns.filter(r => r.trigger === 'manual').length,
      ciFailures: ciRuns.filter(r => r.status === 'failure').length,
      ...Object.fromEntries(
        ['build', 'e2e', 'deploy'].map(name => [
          `ci ${name}`,
          ciRuns.filter(r => r.name === name).length,
        ]),
      ),
      permanentShifts: shifts.filter(s => s.end === null).length,
      level2Shifts: shifts.filter(s => s.level === 2).length,
      toilReportsOnGroups: reports.filter(r => r.entityRef.startsWith('group:'))
        .length,
      toilReportsOnComponents: reports.filter(r =>
        r.entityRef.startsWith('component:'),
      ).length,
    };
    const missing = Object.entries(features).filter(([, n]) => n === 0);
    expect(missing).toEqual([]);
    // Apart from the back-office team's noisy alerts, most incidents are
    // high urgency.
    const quiet = incidents.filter(
      i => !teamRefs('back-office').includes(i.entityRef),
    );
    expect(quiet.filter(i => i.urgency === 'high').length).toBeGreaterThan(
      quiet.filter(i => i.urgency === 'low').length,
    );
  });

  it('rejects an invalid anchor', () => {
    expect(() => generateDemoEvents({ anchor: Number.NaN })).toThrow(/anchor/);
  });
});

describe('startOfUtcDay', () => {
  it.each([
    ['2026-03-10T00:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ['2026-03-10T23:59:59.999Z', '2026-03-10T00:00:00.000Z'],
    ['2026-03-10T12:34:56.000+05:00', '2026-03-10T00:00:00.000Z'],
  ])('%s → %s', (time, expected) => {
    expect(new Date(startOfUtcDay(Date.parse(time))).toISOString()).toBe(
      expected,
    );
  });
});

describe('team performance', () => {
  type Expectation = {
    team: string;
    days: number;
    deploymentFrequency?: PerformanceBand[];
    leadTime?: PerformanceBand[];
    changeFailureRate?: PerformanceBand[];
    timeToRestore?: PerformanceBand[];
    extra?: (m: ReturnType<typeof doraOfEvents>) => void;
  };
  const cases: Expectation[] = [
    {
      team: 'storefront',
      days: 30,
      deploymentFrequency: ['elite'],
      leadTime: ['elite'],
      changeFailureRate: ['elite'],
      timeToRestore: ['elite'],
      extra: m => {
        // Several production deployments a day.
        expect(m.deploymentFrequency.perDay!).toBeGreaterThan(3);
        expect(m.leadTimeForChanges.medianSeconds!).toBeLessThan(HOUR);
        expect(m.changeFailureRate.ratio!).toBeLessThan(0.05);
        expect(m.timeToRestore.medianSeconds!).toBeLessThan(HOUR);
      },
    },
    {
      team: 'back-office',
      days: 180,
      deploymentFrequency: ['low'],
      // Weeks to months: the medium band of the benchmarks (< 180 days).
      leadTime: ['medium'],
      changeFailureRate: ['low'],
      timeToRestore: ['low'],
      extra: m => {
        expect(m.deploymentFrequency.deployments * 30).toBeLessThan(180);
        expect(m.leadTimeForChanges.medianSeconds!).toBeGreaterThan(14 * DAY);
        expect(m.changeFailureRate.ratio!).toBeGreaterThan(0.3);
        expect(m.timeToRestore.medianSeconds!).toBeGreaterThan(7 * DAY);
      },
    },
    {
      // A 30-day window holds at most one release train.
      team: 'back-office',
      days: 30,
      deploymentFrequency: ['low', 'medium'],
      timeToRestore: ['low'],
    },
    {
      team: 'payments',
      days: 180,
      deploymentFrequency: ['high'],
      leadTime: ['high'],
      timeToRestore: ['high'],
    },
    {
      team: 'payments-ledger',
      days: 180,
      deploymentFrequency: ['medium'],
      leadTime: ['medium'],
      timeToRestore: ['medium'],
    },
    {
      team: 'platform',
      days: 180,
      deploymentFrequency: ['high'],
      leadTime: ['high'],
      timeToRestore: ['high'],
    },
  ];
  const table = ANCHORS.flatMap(anchorIso =>
    cases.map(c => [c.team, c.days, anchorIso, c] as const),
  );

  it('has a profile with an intended band for every owning team', () => {
    for (const c of cases) expect(TEAM_PROFILES[c.team]).toBeDefined();
    expect(TEAM_PROFILES.storefront.intendedBand).toBe('elite');
    expect(TEAM_PROFILES['back-office'].intendedBand).toBe('low');
  });

  it.each(table)('%s over %i days before %s', (team, days, anchorIso, c) => {
    const anchor = Date.parse(anchorIso);
    const m = doraOfEvents(eventsAt(anchorIso), teamRefs(team), anchor, days);
    const bands = {
      deploymentFrequency: m.deploymentFrequency.band,
      leadTime: m.leadTimeForChanges.band,
      changeFailureRate: m.changeFailureRate.band,
      timeToRestore: m.timeToRestore.band,
    };
    const checked = (Object.keys(bands) as Array<keyof typeof bands>).filter(
      key => c[key],
    );
    expect(checked.map(key => `${key}: ${bands[key]}`)).toEqual(
      checked.map(key =>
        expect.stringMatching(new RegExp(`^${key}: (${c[key]!.join('|')})$`)),
      ),
    );
    c.extra?.(m);
  });
});
