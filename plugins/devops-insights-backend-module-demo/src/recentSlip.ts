import { isoWeekStart } from '@devops-insights/backstage-plugin-common';
import { Deployment } from './componentDay';
import { DEMO_COMPONENTS, demoEntityRef } from './org';
import { Random } from './random';
import { DAY_MS, dayStamp, HOUR_MS, MINUTE_MS } from './time';

/** The team the demo's goal nudges are about (the guest gets its notifications, packages/backend's demoGuestNotifications). */
export const SLIPPING_TEAM = 'back-office';

const PATCHED_COMPONENT = 'erp-core';
const WEEK_MS = 7 * DAY_MS;

/** Whether a deployment is the demo's patch of the week before last. */
export const isRecentSlipPatch = (id: string) => id.endsWith('-patch');

/**
 * The last full ISO week before the anchor's week, and the week before it:
 * the two weeks the goal evaluation compares (docs/goals.md).
 */
export function evaluatedWeeks(anchor: number) {
  const thisWeek = isoWeekStart(anchor);
  return {
    lastWeek: { from: thisWeek - WEEK_MS, to: thisWeek },
    weekBefore: { from: thisWeek - 2 * WEEK_MS, to: thisWeek - WEEK_MS },
  };
}

/** A small patch of erp-core on the Thursday of the week: one change of hours. */
function patchOf(weekStart: number): Deployment {
  const day = weekStart / DAY_MS + 3;
  const rng = new Random(`${PATCHED_COMPONENT}:${day}:patch`);
  const startedAt = day * DAY_MS + 15 * HOUR_MS;
  const commitSha = rng.hex(40);
  return {
    id: `${PATCHED_COMPONENT}-${dayStamp(day)}-patch`,
    entityRef: demoEntityRef('component', PATCHED_COMPONENT),
    environment: 'production',
    status: 'success',
    startedAt,
    finishedAt: startedAt + 80 * MINUTE_MS,
    commitSha,
    trigger: 'manual',
    changes: [
      {
        id: commitSha,
        authoredAt: startedAt - 5 * HOUR_MS,
        pullRequestOpenedAt: startedAt - 3 * HOUR_MS,
        mergedAt: startedAt - HOUR_MS,
        url: `https://git.example.com/acme/${PATCHED_COMPONENT}/pull/${day}`,
      },
    ],
  };
}

/**
 * Gives the demo a slip to nudge about, whatever day it starts: the rest of
 * the data is seeded by day alone, so Back Office, which misses its goals
 * week after week, would otherwise never have "missed after meeting it the
 * week before". In the week before last Back Office ships a small patch of
 * erp-core (a change of hours): it meets its weekly-release goal and its
 * lead-time goal. Last week it either ships nothing (deployment frequency
 * slips) or one of its release trains (weeks-old changes: lead time slips).
 * In the rare week after a release train followed by another (about one
 * week in a hundred), the earlier train is left out, so the comparison is
 * the same. This part follows the anchor's ISO week; the deployments it
 * leaves out take their incidents and fixes with them (`requires`).
 */
export function withRecentSlip(
  deployments: Deployment[],
  anchor: number,
): Deployment[] {
  const { lastWeek, weekBefore } = evaluatedWeeks(anchor);
  const team = new Set(
    DEMO_COMPONENTS.filter(c => c.owner === SLIPPING_TEAM).map(c =>
      demoEntityRef('component', c.name),
    ),
  );
  const releasesIn = (week: { from: number; to: number }) =>
    deployments.filter(
      d =>
        team.has(d.entityRef) &&
        d.environment === 'production' &&
        d.status === 'success' &&
        d.startedAt >= week.from &&
        d.startedAt < week.to,
    );
  const left = releasesIn(lastWeek).length
    ? releasesIn(weekBefore).map(d => d.id.replace(/-production$/, '-'))
    : [];
  return [
    ...deployments.filter(d => !left.some(base => d.id.startsWith(base))),
    patchOf(weekBefore.from),
  ];
}
