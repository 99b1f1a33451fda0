import {
  doraGoalFigures,
  GoalMetric,
  parseEvents,
  parseGoal,
  slipOf,
} from '@devops-insights/backstage-plugin-common';
import { generateDemoEvents } from './generate';
import { DEMO_COMPONENTS, demoEntityRef } from './org';
import { evaluatedWeeks, isRecentSlipPatch, SLIPPING_TEAM } from './recentSlip';
import { doraOfEvents } from './__testUtils__/metricsOfEvents';

const DAY_MS = 24 * 3600 * 1000;

// Back Office's goals in the demo: its own annotation (catalog/org.yaml),
// Engineering's lead time, and app-config.yaml's defaults.
const GOALS: Array<[GoalMetric, string]> = [
  ['deploymentFrequency', '1/week'],
  ['leadTime', '2d'],
  ['changeFailureRate', '15%'],
  ['timeToRestore', '1d'],
];

const teamRefs = DEMO_COMPONENTS.filter(c => c.owner === SLIPPING_TEAM).map(c =>
  demoEntityRef('component', c.name),
);

/** The goals Back Office slips on, last week against the week before, as the nudges see them. */
function slipsAt(anchor: number) {
  // Three weeks of history hold both weeks whatever the weekday.
  const parsed = parseEvents(generateDemoEvents({ anchor, days: 22 }));
  if (!parsed.ok) throw new Error('invalid demo events');
  const events = parsed.events;
  const { lastWeek, weekBefore } = evaluatedWeeks(anchor);
  const figures = (to: number) =>
    doraGoalFigures(doraOfEvents(events, teamRefs, to, 7));
  const before = figures(weekBefore.to);
  const last = figures(lastWeek.to);
  return GOALS.flatMap(([metric, written]) => {
    const goal = parseGoal(metric, written);
    if (!goal.ok) throw new Error(goal.message);
    const reason = slipOf(
      metric,
      goal.target,
      { value: before[metric] ?? null },
      { value: last[metric] ?? null },
    );
    return reason ? [`${metric}: ${reason}`] : [];
  });
}

const mondays = (fromIso: string, weeks: number) =>
  Array.from({ length: weeks }, (_, i) =>
    new Date(Date.parse(fromIso) + i * 7 * DAY_MS).toISOString(),
  );

describe('the recent slip', () => {
  // A year of weeks, and the weeks after two release trains in a row
  // (2025-07-21, 2027-11-08).
  it.each([...mondays('2025-06-02', 52), '2027-11-08T00:00:00.000Z'])(
    'gives Back Office a goal missed after meeting it, in the week of %s',
    monday => {
      expect(slipsAt(Date.parse(monday))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^(deploymentFrequency|leadTime): missed-goal$/,
          ),
        ]),
      );
    },
  );

  it('is the same whatever weekday of the week the demo starts', () => {
    const monday = Date.parse('2026-11-30T00:00:00Z');
    const patches = Array.from({ length: 7 }, (_, day) =>
      JSON.stringify(
        generateDemoEvents({ anchor: monday + day * DAY_MS, days: 22 }).filter(
          e => isRecentSlipPatch(e.id),
        ),
      ),
    );
    expect(JSON.parse(patches[0])).toHaveLength(1);
    expect(new Set(patches).size).toBe(1);
    expect(slipsAt(monday + 6 * DAY_MS)).toEqual(slipsAt(monday));
  });
});
