import { Knex } from 'knex';
import {
  digestKey,
  digestOf,
  GoalDigest,
  GoalMetric,
  isoWeekStart,
  nudgeKey,
  PerformanceBand,
  RollupResponse,
  RollupTeam,
  slipOf,
  SlipReason,
  TimeWindow,
  ToilSignal,
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

/** What the weekly digests read besides the rollups, and how they are sent. */
export type GoalDigestDeps = {
  /** The teams that get a digest (opted in by config or annotation). */
  recipients(): Promise<ReadonlySet<string>>;
  /** A team's toil signals of a window, as `/v1/toil` gives them. */
  toilSignals(groupRef: string, window: TimeWindow): Promise<ToilSignal[]>;
  send(digest: GoalDigest): Promise<void>;
};

/** What the nudger reads (the rollup of a window) and how it sends. */
export type GoalNudgerDeps = {
  knex: Knex;
  rollup(window: TimeWindow): Promise<RollupResponse>;
  send(nudge: GoalNudge): Promise<void>;
  /** The optional weekly digests; without, none are sent. */
  digests?: GoalDigestDeps;
  now?: () => number;
};

/** The rollups of the last full week and of the week before. */
type Weeks = {
  lastWeek: TimeWindow;
  last: RollupResponse;
  before: Map<string, RollupTeam>;
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
 * (slipOf) is sent once per team, metric and week, and the weekly digest
 * once per opted-in team and week. Each is claimed in the database before
 * sending, so a concurrent run on another replica sends nothing, and
 * released when sending fails, so the next run tries again.
 */
export class GoalNudger {
  constructor(private readonly deps: GoalNudgerDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The rollups of the last full week and the week before. */
  private async weeks(): Promise<Weeks> {
    const now = this.now();
    const lastWeek = { from: isoWeekStart(now) - WEEK, to: isoWeekStart(now) };
    const weekBefore = { from: lastWeek.from - WEEK, to: lastWeek.from };
    const [last, before] = await Promise.all([
      this.deps.rollup(lastWeek),
      this.deps.rollup(weekBefore),
    ]);
    return {
      lastWeek,
      last,
      before: new Map(before.teams.map(t => [t.groupRef, t])),
    };
  }

  private nudgesOf({ lastWeek, last, before }: Weeks): GoalNudge[] {
    const nudges: GoalNudge[] = [];
    for (const team of last.teams) {
      const earlier = before.get(team.groupRef);
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

  /**
   * Sends each due nudge and digest not sent before; returns those it sent.
   * A failed send is released and the others are still sent; the run then
   * fails, naming how many are left for the next run.
   */
  async run(): Promise<{ nudges: GoalNudge[]; digests: GoalDigest[] }> {
    const weeks = await this.weeks();
    // One team's failed send must not cost the other teams theirs: each is
    // tried, and the run fails at the end if any could not be sent.
    const failures: unknown[] = [];
    const nudges: GoalNudge[] = [];
    for (const nudge of this.nudgesOf(weeks)) {
      const sent = await this.once(
        'goal_nudges',
        'nudge_key',
        {
          nudge_key: nudge.key,
          scope_ref: nudge.groupRef,
          metric: nudge.metric,
          week_start: nudge.week.from,
          reason: nudge.reason,
        },
        async () => {
          await this.deps.send(nudge);
          return nudge;
        },
      ).catch(error => void failures.push(error));
      if (sent) nudges.push(sent);
    }
    const digests = await this.sendDigests(weeks, failures);
    if (failures.length) {
      throw new Error(
        `Could not send ${
          failures.length
        } goal notification(s), left for the next run of the week: ${failures.join(
          '; ',
        )}`,
      );
    }
    return { nudges, digests };
  }

  /**
   * The digest of each opted-in team of the last week; its toil is read
   * only once its key is claimed, so a re-run reads nothing it will not send.
   */
  private async sendDigests(
    { lastWeek, last, before }: Weeks,
    failures: unknown[],
  ): Promise<GoalDigest[]> {
    const digests = this.deps.digests;
    if (!digests) return [];
    const recipients = await digests.recipients();
    const weekStart = new Date(lastWeek.from).toISOString().slice(0, 10);
    const sent: GoalDigest[] = [];
    for (const team of last.teams) {
      if (!recipients.has(team.groupRef)) continue;
      const digest = await this.once(
        'goal_digests',
        'digest_key',
        {
          digest_key: digestKey(team.groupRef, weekStart),
          scope_ref: team.groupRef,
          week_start: lastWeek.from,
        },
        async () => {
          const toil = await digests.toilSignals(team.groupRef, lastWeek);
          const made = digestOf(
            lastWeek,
            team,
            before.get(team.groupRef),
            toil,
          );
          await digests.send(made);
          return made;
        },
      ).catch(error => void failures.push(error));
      if (digest) sent.push(digest);
    }
    return sent;
  }

  /**
   * Claims the row by its key (the table's primary key), then sends;
   * undefined when the row was claimed before. When sending fails the claim
   * is released and the error thrown.
   */
  private async once<T>(
    table: 'goal_nudges' | 'goal_digests',
    keyColumn: 'nudge_key' | 'digest_key',
    row: Record<string, string | number>,
    send: () => Promise<T>,
  ): Promise<T | undefined> {
    const inserted = await this.deps
      .knex(table)
      .insert({ ...row, sent_at: this.now() })
      .onConflict(keyColumn)
      .ignore()
      .returning(keyColumn);
    if (inserted.length === 0) return undefined;
    try {
      return await send();
    } catch (error) {
      await this.deps
        .knex(table)
        .where({ [keyColumn]: row[keyColumn] })
        .delete();
      throw error;
    }
  }
}
