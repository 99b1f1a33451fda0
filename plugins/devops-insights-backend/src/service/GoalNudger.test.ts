import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DoraMetrics,
  FigureGoal,
  RollupResponse,
  RollupTeam,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { migrateDatabase } from '../database/DatabaseEventStore';
import { GoalNudge, GoalNudger } from './GoalNudger';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const H = 3600;
// Wednesday 2026-12-02: the last full week is 2026-11-23 .. 2026-11-30.
const NOW = Date.parse('2026-12-02T09:00:00Z');
const LAST_WEEK = Date.parse('2026-11-23T00:00:00Z');

const dora = (band: 'elite' | 'high' | null): DoraMetrics => ({
  deploymentFrequency: { deployments: 1, perDay: 1, band: null },
  leadTimeForChanges: {
    changes: 1,
    medianSeconds: 1,
    p90Seconds: 1,
    band,
    stages: {
      codingMedianSeconds: null,
      reviewMedianSeconds: null,
      deployMedianSeconds: null,
    },
  },
  changeFailureRate: {
    failedDeployments: 0,
    deployments: 1,
    ratio: 0,
    band: null,
  },
  timeToRestore: { incidents: 0, medianSeconds: null, band: null },
  failedDeploymentRecoveryTime: { recoveries: 0, medianSeconds: null },
  reworkRate: { remediationDeployments: 0, deployments: 1, ratio: 0 },
});

const toilGoal = (value: number | null): FigureGoal => ({
  metric: 'toilShare',
  target: 0.2,
  origin: { kind: 'group', ref: 'group:default/back-office' },
  value,
  met: value === null ? null : value <= 0.2,
});

const team = (
  groupRef: string,
  goals: FigureGoal[],
  band: 'elite' | 'high' | null,
): RollupTeam => ({
  groupRef,
  title: groupRef,
  parentRef: null,
  services: 1,
  subTeams: 0,
  own: null,
  dora: dora(band),
  previous: dora(band),
  weekly: [],
  toil: { hours: null, share: null, status: null },
  pagesPer12h: null,
  goals,
});

/**
 * The week before: both teams meet the toil goal, lead time elite. Last
 * week: back-office misses its toil goal; storefront's lead time drops to
 * high; payments had no data the week before.
 */
function rollup(window: TimeWindow): RollupResponse {
  const last = window.from === LAST_WEEK;
  return {
    window: { from: '', to: '' },
    previousWindow: { from: '', to: '' },
    groupRef: null,
    teams: [
      team('group:default/back-office', [toilGoal(last ? 0.3 : 0.1)], 'elite'),
      team(
        'group:default/storefront',
        [toilGoal(0.1)],
        last ? 'high' : 'elite',
      ),
      team('group:default/payments', [toilGoal(last ? 0.5 : null)], null),
    ],
    distribution: {} as RollupResponse['distribution'],
    pooled: dora(null),
    goals: {},
  };
}

describe('GoalNudger', () => {
  it.each(databases.eachSupportedId())(
    'sends one nudge per slip of the last full week, and nothing new when run again, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => await databases.init(databaseId),
      });
      const sent: GoalNudge[] = [];
      const windows: TimeWindow[] = [];
      const nudger = new GoalNudger({
        knex,
        now: () => NOW,
        rollup: async window => {
          windows.push(window);
          return rollup(window);
        },
        send: async nudge => {
          sent.push(nudge);
        },
      });

      await nudger.run();
      expect(windows).toContainEqual({
        from: LAST_WEEK,
        to: LAST_WEEK + 7 * 24 * H * 1000,
      });
      expect(sent.map(n => [n.groupRef, n.metric, n.reason])).toEqual([
        ['group:default/back-office', 'toilShare', 'missed-goal'],
        ['group:default/storefront', 'leadTime', 'dropped-band'],
      ]);
      expect(sent[0].key).toBe(
        'devops-insights:goal:group:default/back-office:toilShare:2026-11-23',
      );

      // A re-run (or another replica) the same week sends nothing new.
      expect(await nudger.run()).toEqual([]);
      expect(sent).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'releases a nudge whose sending failed, so the next run sends it, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => await databases.init(databaseId),
      });
      let fail = true;
      const sent: string[] = [];
      const nudger = new GoalNudger({
        knex,
        now: () => NOW,
        rollup: async window => rollup(window),
        send: async nudge => {
          if (fail) throw new Error('notifications backend down');
          sent.push(nudge.key);
        },
      });
      await expect(nudger.run()).rejects.toThrow('notifications backend down');
      fail = false;
      expect(await nudger.run()).toHaveLength(2);
      expect(sent).toHaveLength(2);
    },
  );
});
