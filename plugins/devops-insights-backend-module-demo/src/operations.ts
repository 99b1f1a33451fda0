/**
 * The operational side of the demo: on-call shifts, pages, CI runs and
 * self-reported toil. Same rules as the deployments and incidents: every
 * piece comes from its own seed (component-day, incident, team-week), so
 * moving the anchor keeps what both histories share.
 */
import { demoEntityRef, DEMO_COMPONENTS } from './org';
import {
  COMPONENT_CADENCES,
  TEAM_OPERATIONS,
  TeamOperations,
} from './profiles';
import { Random } from './random';
import {
  DAY_MS,
  dayStamp,
  isWeekend,
  MINUTE_MS,
  sample,
  SECOND_MS,
} from './time';
import { localTime } from './timeZones';

const WEEK_MS = 7 * DAY_MS;

/** UTC day index of Monday 1970-01-05, the first week of the rotations. */
const FIRST_MONDAY = 4;
/** Un-acknowledged pages escalate to level 2 after this long. */
export const ESCALATION_DELAY_MS = 15 * MINUTE_MS;
/** Since when the permanent secondary holds the role. */
const PERMANENT_SINCE = Date.UTC(2024, 0, 8, 8);

/** Owning team of every component with data. */
export function componentTeam(component: string): string {
  return DEMO_COMPONENTS.find(c => c.name === component)!.owner;
}

// --- On call -----------------------------------------------------------------

/** Monday 09:00 in the team's zone of rotation week `week`. */
function handover(ops: TeamOperations, week: number): number {
  return localTime(ops.timeZone, FIRST_MONDAY + 7 * week, 9);
}

function weekAt(ops: TeamOperations, time: number): number {
  let week = Math.floor((time - FIRST_MONDAY * DAY_MS) / WEEK_MS);
  while (handover(ops, week + 1) <= time) week++;
  while (handover(ops, week) > time) week--;
  return week;
}

function rotationUser(ops: TeamOperations, week: number, level: 1 | 2) {
  const n = ops.rotation.length;
  const index = (((week + level - 1) % n) + n) % n;
  return ops.rotation[index];
}

/** The user on call for a team at an escalation level at a time. */
export function onCallUser(team: string, level: 1 | 2, time: number): string {
  const ops = TEAM_OPERATIONS[team];
  if (level === 2 && ops.permanentSecondary) return ops.permanentSecondary;
  return rotationUser(ops, weekAt(ops, time), level);
}

export type Shift = {
  id: string;
  team: string;
  userRef: string;
  level: 1 | 2;
  start: number;
  end: number | null;
  scheduleName: string;
  scheduleUrl: string;
};

/**
 * Shifts of every team overlapping [from, until), clipped to it the way
 * on-call APIs clip to the queried range (ids name the natural start).
 */
export function makeShifts(from: number, until: number): Shift[] {
  const shifts: Shift[] = [];
  for (const [team, ops] of Object.entries(TEAM_OPERATIONS)) {
    const schedule = (level: 1 | 2) => {
      const kind = level === 1 ? 'primary' : 'secondary';
      return {
        scheduleName: `${team} ${kind}`,
        scheduleUrl: `https://acme.pagerduty.example.com/schedules/${team}-${kind}`,
      };
    };
    const levels: Array<1 | 2> = ops.permanentSecondary ? [1] : [1, 2];
    for (let week = weekAt(ops, from); handover(ops, week) < until; week++) {
      const start = handover(ops, week);
      const end = handover(ops, week + 1);
      for (const level of levels) {
        const { scheduleName } = schedule(level);
        shifts.push({
          id: `SHIFT-${scheduleName.replace(/ /g, '-')}-${dayStamp(
            FIRST_MONDAY + 7 * week,
          )}`,
          team,
          userRef: demoEntityRef('user', rotationUser(ops, week, level)),
          level,
          start: Math.max(start, from),
          end: Math.min(end, until),
          ...schedule(level),
        });
      }
    }
    if (ops.permanentSecondary && PERMANENT_SINCE < until) {
      shifts.push({
        id: `SHIFT-${team}-secondary-${ops.permanentSecondary}`,
        team,
        userRef: demoEntityRef('user', ops.permanentSecondary),
        level: 2,
        start: Math.max(PERMANENT_SINCE, from),
        end: null,
        ...schedule(2),
      });
    }
  }
  return shifts;
}

// --- Pages -------------------------------------------------------------------

export type PageIncident = {
  id: string;
  entityRef: string;
  urgency: 'high' | 'low';
  createdAt: number;
  acknowledgedAt?: number;
  resolvedAt: number;
};

export type Page = {
  id: string;
  entityRef: string;
  userRef: string;
  notifiedAt: number;
  channel: 'phone' | 'sms' | 'push' | 'email';
  incidentId: string;
};

function pickWeighted<T extends string>(
  rng: Random,
  weights: Array<[T, number]>,
): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.float() * total;
  for (const [value, w] of weights) {
    r -= w;
    if (r < 0) return value;
  }
  return weights[weights.length - 1][0];
}

/**
 * The notifications of one incident: the level-1 responder a few seconds
 * after creation (by phone, SMS or push; low urgency mostly by email), an
 * email copy now and then, and an escalation to level 2 when nobody
 * acknowledged within 15 minutes and the incident was still open.
 */
export function makePages(incident: PageIncident): Page[] {
  const component = incident.entityRef.split('/')[1];
  const team = componentTeam(component);
  const ops = TEAM_OPERATIONS[team];
  const rng = new Random(`page:${incident.id}`);
  const interrupting =
    incident.urgency === 'high' || ops.lowUrgencyPagesLikeHigh;
  const pages: Page[] = [];
  const page = (
    suffix: string,
    level: 1 | 2,
    notifiedAt: number,
    channel: Page['channel'],
  ) =>
    pages.push({
      id: `PAGE-${incident.id}-${suffix}`,
      entityRef: incident.entityRef,
      userRef: demoEntityRef(
        'user',
        onCallUser(team, level, incident.createdAt),
      ),
      notifiedAt,
      channel,
      incidentId: incident.id,
    });

  const notifiedAt = incident.createdAt + rng.between(2, 30) * SECOND_MS;
  page(
    'L1',
    1,
    notifiedAt,
    interrupting
      ? pickWeighted(rng, [
          ['push', 0.5],
          ['phone', 0.3],
          ['sms', 0.2],
        ])
      : pickWeighted(rng, [
          ['email', 0.6],
          ['push', 0.4],
        ]),
  );
  if (interrupting && rng.chance(0.25)) {
    page('L1-email', 1, notifiedAt + rng.between(1, 5) * SECOND_MS, 'email');
  }
  const escalateAt = incident.createdAt + ESCALATION_DELAY_MS;
  const acknowledgedLate =
    incident.acknowledgedAt === undefined ||
    incident.acknowledgedAt > escalateAt;
  if (interrupting && acknowledgedLate && incident.resolvedAt > escalateAt) {
    page(
      'L2',
      2,
      escalateAt + rng.between(2, 20) * SECOND_MS,
      rng.chance(0.7) ? 'phone' : 'sms',
    );
  }
  return pages;
}

// --- CI ----------------------------------------------------------------------

export type CiRun = {
  id: string;
  entityRef: string;
  name: string;
  attempt: number;
  trigger: 'automatic' | 'manual';
  status: 'success' | 'failure' | 'cancelled';
  startedAt: number;
  finishedAt: number;
  runNumber: number;
};

/** One component-day of CI being generated. */
type CiDay = {
  component: string;
  entityRef: string;
  stamp: string;
  ops: TeamOperations;
  rng: Random;
  runs: CiRun[];
  /** Grows with the day, like a CI system's counter. */
  runNumber: number;
};

/**
 * The jobs one push runs in order until one fails; a flaky failure is re-run
 * by hand as attempt 2 (and now and then 3) of the same run.
 */
function runPipeline(ci: CiDay, pushedAt: number, push: number): void {
  const { rng } = ci;
  let at = pushedAt + rng.between(5, 60) * SECOND_MS;
  for (const job of ci.ops.jobs) {
    if (!rng.chance(job.share)) break;
    ci.runNumber++;
    let attempt = 1;
    let start = at;
    for (;;) {
      const duration = sample(rng, job.duration);
      const flaky = rng.chance(
        attempt === 1 ? job.flakyShare : job.flakyShare / 2,
      );
      const broken = !flaky && attempt === 1 && rng.chance(job.failureShare);
      const cancelled = !flaky && !broken && rng.chance(0.01);
      let status: CiRun['status'] = 'success';
      if (flaky || broken) status = 'failure';
      else if (cancelled) status = 'cancelled';
      const finishedAt =
        start +
        (status === 'success' ? duration : duration * rng.between(0.3, 0.95));
      ci.runs.push({
        id: `${ci.component}-${ci.stamp}-p${push + 1}-${job.name}-${attempt}`,
        entityRef: ci.entityRef,
        name: job.name,
        attempt,
        trigger: 'automatic',
        status,
        startedAt: start,
        finishedAt,
        runNumber: ci.runNumber,
      });
      if (status === 'success') {
        at = finishedAt + rng.between(5, 30) * SECOND_MS;
        break;
      }
      if (!flaky || attempt === 3) return;
      // Someone notices the red run and re-runs it.
      attempt++;
      start = finishedAt + rng.between(3, 45) * MINUTE_MS;
    }
  }
}

/** Pipelines started by hand on a weekday. */
function runManualJobs(ci: CiDay, day: number, count: number): void {
  const { rng, ops } = ci;
  for (let m = 0; m < count; m++) {
    const name = rng.pick(ops.manualJobs);
    const startedAt = localTime(
      ops.timeZone,
      day,
      rng.between(...ops.workHours),
    );
    const duration = rng.between(3, 25) * MINUTE_MS;
    ci.runNumber++;
    ci.runs.push({
      id: `${ci.component}-${ci.stamp}-m${m + 1}-${name}-1`,
      entityRef: ci.entityRef,
      name,
      attempt: 1,
      trigger: 'manual',
      status: rng.chance(0.9) ? 'success' : 'failure',
      startedAt,
      finishedAt: startedAt + duration,
      runNumber: ci.runNumber,
    });
  }
}

/**
 * CI of one component and UTC day: pushes in the team's working hours run
 * `build`, then (for a share) `e2e`; flaky failures are re-run by hand as
 * attempt 2 (and now and then 3) of the same run; a few pipelines are
 * started by hand.
 */
export function makeCiRuns(component: string, day: number): CiRun[] {
  if (!COMPONENT_CADENCES[component]) return [];
  const ops = TEAM_OPERATIONS[componentTeam(component)];
  const ci: CiDay = {
    component,
    entityRef: demoEntityRef('component', component),
    stamp: dayStamp(day),
    ops,
    rng: new Random(`${component}:${day}:ci`),
    runs: [],
    runNumber: (day % 100000) * 100,
  };
  const weekend = isWeekend(day);
  const pushes = ci.rng.poisson(
    weekend ? ops.pushesPerWeekendDay : ops.pushesPerWeekday,
  );
  const pushTimes = Array.from({ length: pushes }, () =>
    localTime(ops.timeZone, day, ci.rng.between(...ops.workHours)),
  ).sort((a, b) => a - b);
  pushTimes.forEach((pushedAt, push) => runPipeline(ci, pushedAt, push));
  runManualJobs(
    ci,
    day,
    weekend ? 0 : ci.rng.poisson(ops.manualRunsPerWeekday),
  );
  return ci.runs;
}

// --- Self-reported toil -------------------------------------------------------

export type ToilReport = {
  id: string;
  entityRef: string;
  userRef: string;
  hours: number;
  category: string;
  description: string;
  week: string;
  weekStart: number;
};

/** ISO week `YYYY-Www` of a Monday (epoch ms, 00:00 UTC). */
export function isoWeekOf(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const week = Math.floor((monday - week1Monday) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 UTC of the ISO week holding `time`. */
export function mondayOf(time: number): number {
  const day = Math.floor(time / DAY_MS);
  return (day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7)) * DAY_MS;
}

/** The self-reported toil of one team and ISO week (Monday 00:00 UTC). */
export function makeToilReports(team: string, monday: number): ToilReport[] {
  const ops = TEAM_OPERATIONS[team];
  const members = [
    ...ops.rotation,
    ...(ops.permanentSecondary ? [ops.permanentSecondary] : []),
  ];
  const rng = new Random(`${team}:toil:${monday / DAY_MS}`);
  const week = isoWeekOf(monday);
  const count = rng.poisson(ops.toilReportsPerWeek);
  const components = DEMO_COMPONENTS.filter(
    c => c.owner === team && COMPONENT_CADENCES[c.name],
  );
  const reports: ToilReport[] = [];
  for (let i = 0; i < count; i++) {
    const category = rng.pick(ops.toilCategories);
    const component = rng.chance(0.4) ? rng.pick(components) : undefined;
    reports.push({
      id: `TOIL-${team}-${week}-${i + 1}`,
      entityRef: component
        ? demoEntityRef('component', component.name)
        : demoEntityRef('group', team),
      userRef: demoEntityRef('user', rng.pick(members)),
      hours: rng.int(...ops.toilReportHours),
      category,
      description: `${category[0].toUpperCase()}${category.slice(1)}${
        component ? ` for ${component.name}` : ''
      }`,
      week,
      weekStart: monday,
    });
  }
  return reports;
}
