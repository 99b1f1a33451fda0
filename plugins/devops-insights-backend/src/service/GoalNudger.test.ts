import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DoraMetrics,
  FigureGoal,
  GoalDigest,
  RollupResponse,
  RollupTeam,
  TimeWindow,
  ToilSignal,
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
      expect(await nudger.run()).toEqual({ nudges: [], digests: [] });
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
      expect((await nudger.run()).nudges).toHaveLength(2);
      expect(sent).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    "sends the other teams' nudges when one team's send fails, and that one in the next run, on %p",
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => await databases.init(databaseId),
      });
      let down = 'group:default/back-office';
      const sent: string[] = [];
      const nudger = new GoalNudger({
        knex,
        now: () => NOW,
        rollup: async window => rollup(window),
        send: async nudge => {
          if (nudge.groupRef === down) throw new Error(`${down} unreachable`);
          sent.push(nudge.groupRef);
        },
      });
      await expect(nudger.run()).rejects.toThrow(
        'Could not send 1 goal notification(s), left for the next run of the week: Error: group:default/back-office unreachable',
      );
      expect(sent).toEqual(['group:default/storefront']);
      down = '';
      expect((await nudger.run()).nudges.map(n => n.groupRef)).toEqual([
        'group:default/back-office',
      ]);
      expect(sent).toEqual([
        'group:default/storefront',
        'group:default/back-office',
      ]);
    },
  );

  describe('weekly digests', () => {
    const signals: ToilSignal[] = [
      {
        key: 'selfReported',
        count: 2,
        hours: 6,
        topSources: [{ name: 'release notes', count: 2, hours: 6 }],
      },
    ];
    const WEEK_WINDOW = { from: LAST_WEEK, to: LAST_WEEK + 7 * 24 * H * 1000 };

    /** A nudger sending digests to back-office and payments. */
    function digester(
      knex: Awaited<ReturnType<typeof migrateDatabase>>,
      send: (digest: GoalDigest) => Promise<void>,
      toilReads: Array<[string, TimeWindow]> = [],
    ) {
      return new GoalNudger({
        knex,
        now: () => NOW,
        rollup: async window => rollup(window),
        send: async () => {},
        digests: {
          recipients: async () =>
            new Set(['group:default/back-office', 'group:default/payments']),
          toilSignals: async (groupRef, window) => {
            toilReads.push([groupRef, window]);
            return signals;
          },
          send,
        },
      });
    }

    it.each(databases.eachSupportedId())(
      'sends one digest per opted-in team of the last full week, and nothing new when run again, on %p',
      async databaseId => {
        const knex = await migrateDatabase({
          getClient: async () => await databases.init(databaseId),
        });
        const sent: GoalDigest[] = [];
        const toilReads: Array<[string, TimeWindow]> = [];
        const nudger = digester(
          knex,
          async digest => {
            sent.push(digest);
          },
          toilReads,
        );

        const { digests } = await nudger.run();
        expect(digests).toEqual(sent);
        expect(sent).toEqual([
          {
            key: 'devops-insights:digest:group:default/back-office:2026-11-23',
            groupRef: 'group:default/back-office',
            title: 'group:default/back-office',
            week: WEEK_WINDOW,
            goals: [toilGoal(0.3)],
            change: {
              metric: 'toilShare',
              before: 0.1,
              after: 0.3,
              relative: expect.closeTo(2, 9),
              direction: 'up',
              better: false,
            },
            topToil: {
              signal: 'selfReported',
              name: 'release notes',
              hours: 6,
            },
          },
          expect.objectContaining({
            key: 'devops-insights:digest:group:default/payments:2026-11-23',
            // No toil figure the week before, the rest unchanged.
            change: null,
          }),
        ]);
        expect(toilReads).toEqual([
          ['group:default/back-office', WEEK_WINDOW],
          ['group:default/payments', WEEK_WINDOW],
        ]);

        // A re-run the same week sends nothing and reads no toil again.
        expect((await nudger.run()).digests).toEqual([]);
        expect(sent).toHaveLength(2);
        expect(toilReads).toHaveLength(2);

        // The next week's digests are new ones.
        const nextWeek = new GoalNudger({
          knex,
          now: () => NOW + 7 * 24 * H * 1000,
          rollup: async window => rollup(window),
          send: async () => {},
          digests: {
            recipients: async () => new Set(['group:default/back-office']),
            toilSignals: async () => [],
            send: async digest => {
              sent.push(digest);
            },
          },
        });
        expect((await nextWeek.run()).digests.map(d => d.key)).toEqual([
          'devops-insights:digest:group:default/back-office:2026-11-30',
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'sends each digest once when two replicas run at the same time, on %p',
      async databaseId => {
        const knex = await migrateDatabase({
          getClient: async () => await databases.init(databaseId),
        });
        const sent: string[] = [];
        const send = async (digest: GoalDigest) => {
          sent.push(digest.key);
        };
        await Promise.all([
          digester(knex, send).run(),
          digester(knex, send).run(),
        ]);
        expect(sent.sort()).toEqual([
          'devops-insights:digest:group:default/back-office:2026-11-23',
          'devops-insights:digest:group:default/payments:2026-11-23',
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'releases a digest whose sending failed, so the next run sends it, on %p',
      async databaseId => {
        const knex = await migrateDatabase({
          getClient: async () => await databases.init(databaseId),
        });
        let fail = true;
        const sent: string[] = [];
        const nudger = digester(knex, async digest => {
          if (fail) throw new Error('notifications backend down');
          sent.push(digest.key);
        });
        await expect(nudger.run()).rejects.toThrow(
          'notifications backend down',
        );
        fail = false;
        expect((await nudger.run()).digests).toHaveLength(2);
        expect(sent).toHaveLength(2);
      },
    );

    it.each(databases.eachSupportedId())(
      'sends no digest to a team that did not opt in, on %p',
      async databaseId => {
        const knex = await migrateDatabase({
          getClient: async () => await databases.init(databaseId),
        });
        const nudger = new GoalNudger({
          knex,
          now: () => NOW,
          rollup: async window => rollup(window),
          send: async () => {},
          digests: {
            recipients: async () => new Set(),
            toilSignals: async () => signals,
            send: async () => {
              throw new Error('no digest expected');
            },
          },
        });
        expect((await nudger.run()).digests).toEqual([]);
      },
    );
  });
});
