import { Knex } from 'knex';
import {
  GoalMetric,
  isoWeekStart,
  nudgeKey,
  PerformanceBand,
  RollupResponse,
  RollupTeam,
  slipOf,
  SlipReason,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';

const WEEK = 7 * 24 * 3600 * 1000;

/** A nudge to send: to a team, about one metric of one week. */
export type GoalNudge = {
  key: string;
  groupRef: string;
  title: string;
  metric: GoalMetric;
  reason: SlipReason;
  week: TimeWindow;
  value: number | null;
  target: number | null;
};

/** What the nudger reads (the rollup of a window) and how it sends. */
export type GoalNudgerDeps = {
  knex: Knex;
  rollup(window: TimeWindow): Promise<RollupResponse>;
  send(nudge: GoalNudge): Promise<void>;
  now?: () => number;
};

/** The band of the DORA metrics that have bands, as nudges compare them. */
function bandOf(
  team: RollupTeam,
  metric: GoalMetric,
): PerformanceBand | null | undefined {
  switch (metric) {
    case 'deploymentFrequency':
      return team.dora.deploymentFrequency.band;
    case 'leadTime':
      return team.dora.leadTimeForChanges.band;
    case 'changeFailureRate':
      return team.dora.changeFailureRate.band;
    case 'timeToRestore':
      return team.dora.timeToRestore.band;
    default:
      return undefined;
  }
}

const BANDED: GoalMetric[] = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'timeToRestore',
];

/**
 * The weekly goal evaluation: each team's last full ISO week against the
 * week before, by the same rollup the leadership page reads; a slip
 * (slipOf) is sent once per team, metric and week. The row is claimed before
 * sending, so a concurrent run on another replica sends nothing, and released
 * when sending fails, so the next run tries again.
 */
export class GoalNudger {
  constructor(private readonly deps: GoalNudgerDeps) {}

  /** The nudges due now, whether sent before or not. */
  async due(): Promise<GoalNudge[]> {
    const now = (this.deps.now ?? Date.now)();
    const lastWeek = { from: isoWeekStart(now) - WEEK, to: isoWeekStart(now) };
    const weekBefore = { from: lastWeek.from - WEEK, to: lastWeek.from };
    const [last, before] = await Promise.all([
      this.deps.rollup(lastWeek),
      this.deps.rollup(weekBefore),
    ]);
    const previous = new Map(before.teams.map(t => [t.groupRef, t]));
    const nudges: GoalNudge[] = [];
    for (const team of last.teams) {
      const earlier = previous.get(team.groupRef);
      if (!earlier) continue;
      const goals = new Map(team.goals.map(g => [g.metric, g]));
      const earlierGoals = new Map(earlier.goals.map(g => [g.metric, g]));
      const metrics = new Set<GoalMetric>([...goals.keys(), ...BANDED]);
      for (const metric of metrics) {
        const goal = goals.get(metric);
        const reason = slipOf(
          metric,
          goal?.target,
          {
            value: earlierGoals.get(metric)?.value ?? null,
            band: bandOf(earlier, metric),
          },
          { value: goal?.value ?? null, band: bandOf(team, metric) },
        );
        if (!reason) continue;
        const weekStart = new Date(lastWeek.from).toISOString().slice(0, 10);
        nudges.push({
          key: nudgeKey(team.groupRef, metric, weekStart),
          groupRef: team.groupRef,
          title: team.title,
          metric,
          reason,
          week: lastWeek,
          value: goal?.value ?? null,
          target: goal?.target ?? null,
        });
      }
    }
    return nudges;
  }

  /** Sends each due nudge not sent before; returns those it sent. */
  async run(): Promise<GoalNudge[]> {
    const sent: GoalNudge[] = [];
    for (const nudge of await this.due()) {
      if (!(await this.claim(nudge))) continue;
      try {
        await this.deps.send(nudge);
        sent.push(nudge);
      } catch (error) {
        await this.deps
          .knex('goal_nudges')
          .where({ nudge_key: nudge.key })
          .delete();
        throw error;
      }
    }
    return sent;
  }

  /** Records the nudge; false when it was recorded (sent) before. */
  private async claim(nudge: GoalNudge): Promise<boolean> {
    const inserted = await this.deps
      .knex('goal_nudges')
      .insert({
        nudge_key: nudge.key,
        scope_ref: nudge.groupRef,
        metric: nudge.metric,
        week_start: nudge.week.from,
        reason: nudge.reason,
        sent_at: (this.deps.now ?? Date.now)(),
      })
      .onConflict('nudge_key')
      .ignore()
      .returning('nudge_key');
    return inserted.length > 0;
  }
}
