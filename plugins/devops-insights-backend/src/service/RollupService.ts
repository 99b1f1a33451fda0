import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  BandCounts,
  countedFigures,
  DoraConfig,
  DoraMetrics,
  doraGoalFigures,
  figureGoalsOf,
  GoalDefaults,
  GoalMetric,
  isWholeWeek,
  ResolvedGoals,
  PerformanceBand,
  RollupMetricKey,
  RollupResponse,
  RollupTeam,
  TimeWindow,
  ToilConfig,
} from '@devops-insights/backstage-plugin-common';
import { EventStore } from '../database/EventStore';
import { RollupAnswerStore } from '../database/RollupAnswerStore';
import { EntityFactsCache, factsDerivation } from './EntityFactsCache';
import { TimeSlice } from '../cooperative';
import { groupAndDescendants, OrgView, readOrgView } from './OrgView';
import { groupScope, ownedEntities, Scope } from './ScopeResolver';
import { preloadedInputs, preloadRows, ScopeEvaluator } from './evaluateScope';
import { normalizeEntityRef } from './entityRefs';
import { goalsOfGroup } from './goalSources';
import { previousWindow } from './window';

const iso = (ms: number) => new Date(ms).toISOString();
const METRICS: RollupMetricKey[] = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore',
];

const emptyCounts = (): BandCounts => ({
  elite: 0,
  high: 0,
  medium: 0,
  low: 0,
  none: 0,
});

/**
 * A rollup as sent: serialised once and compressed at most once, since a kept
 * answer is served to every leader who opens the page, and a large org's
 * rollup is hundreds of kilobytes of JSON.
 */
export type RollupAnswer = {
  readonly response: RollupResponse;
  readonly json: string;
  gzipped(): Promise<Buffer>;
};

function answerOf(response: RollupResponse): RollupAnswer {
  const json = JSON.stringify(response);
  let gzipped: Promise<Buffer> | undefined;
  return {
    response,
    json,
    gzipped: () => (gzipped ??= promisify(gzip)(json)),
  };
}

/**
 * An answer another replica (or this one before a restart) stored, as sent
 * gzipped: browsers take it so, and only a client without gzip or the weekly
 * goals have it decompressed (a few ms of blocking at L) or parsed.
 */
function storedAnswer(gzipped: Uint8Array): RollupAnswer {
  const sent = Buffer.from(gzipped);
  let json: string | undefined;
  let response: RollupResponse | undefined;
  return {
    get json() {
      return (json ??= gunzipSync(sent).toString());
    },
    get response() {
      return (response ??= JSON.parse(this.json));
    },
    gzipped: async () => sent,
  };
}

/**
 * Bump when what a rollup answers for the same data changes (its figures,
 * their definitions or the response's shape): answers stored by an older
 * release are then not served by this one (rollupAnswers.test.ts fails until
 * it is bumped).
 */
export const ROLLUP_FORMAT = 1;

/** One row of the rollup, as the catalog defines it. */
type TeamPlan = {
  groupRef: string;
  title: string;
  parentRef: string | null;
  /** The team with its descendants: what its row pools. */
  scope: Scope;
  /** Listed teams whose parent it is. */
  subTeams: number;
  /** Services the team owns itself. */
  ownServices: string[];
  /** The team's goals, which its annotations and its parents' decide. */
  goals: ResolvedGoals;
};

/** What a rollup under one root computes, from the org view alone. */
type Planned = {
  teamRefs: string[];
  plans: TeamPlan[];
  allServices: string[];
  /** Digest of the root and the plans: the org part of an answer's key. */
  digest: string;
};

// Distinct (window, org, data) answers kept; older ones are dropped first.
const MAX_KEPT_RESULTS = 16;

/**
 * The leadership rollup: for each team, its group scope (the group and its
 * sub-groups, from the caller's org view) evaluated by the same
 * {@link ScopeEvaluator} as the Group tabs, on rows read once for every team.
 */
export class RollupService {
  constructor(
    private readonly deps: {
      store: EventStore;
      facts: EntityFactsCache;
      catalog: CatalogReader;
      dora: DoraConfig;
      toil: ToilConfig;
      defaultTimeZone: string;
      goals: GoalDefaults;
      /** Answers shared with the other replicas and kept across restarts. */
      shared?: RollupAnswerStore;
    },
  ) {
    // What else an answer depends on: the code and the settings.
    this.computedBy = JSON.stringify([
      ROLLUP_FORMAT,
      factsDerivation(deps.dora, deps.toil),
      deps.defaultTimeZone,
    ]);
  }

  private readonly computedBy: string;
  private readonly results = new Map<string, Promise<RollupAnswer>>();
  private readonly plans = new WeakMap<OrgView, Map<string, Planned>>();

  async rollup(
    groupRef: string | undefined,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<RollupAnswer> {
    const root = groupRef ? normalizeEntityRef(groupRef) : null;
    const view = await readOrgView(this.deps.catalog, credentials);
    if (root && !view.groups.has(root)) {
      throw new NotFoundError(`No group ${root}`);
    }
    const { teamRefs, plans, allServices, digest } = this.planned(view, root);
    const versions = await this.deps.store.versions([
      ...allServices,
      ...teamRefs,
    ]);

    // The answer is a function of the window, the org as the caller sees it
    // (the plans hold the goals), the versions of every entity it reads and
    // the code and settings: leaders opening the page at once share one
    // computation, on every replica, kept until something changes.
    const stamp = createHash('sha256')
      .update(JSON.stringify([this.computedBy, digest, window, [...versions]]))
      .digest('hex');
    const known = this.results.get(stamp);
    if (known) return known;
    const result = this.answer(stamp, () =>
      this.compute(root, window, plans, allServices, versions),
    );
    this.results.set(stamp, result);
    result.catch(() => this.results.delete(stamp));
    while (this.results.size > MAX_KEPT_RESULTS) {
      this.results.delete(this.results.keys().next().value!);
    }
    return result;
  }

  /** The stored answer of `stamp`, or one computed here and stored. */
  private async answer(
    stamp: string,
    compute: () => Promise<RollupResponse>,
  ): Promise<RollupAnswer> {
    const { shared } = this.deps;
    if (!shared) return answerOf(await compute());
    const found = await shared.answerOrClaim(stamp);
    if ('gzipped' in found) return storedAnswer(found.gzipped);
    try {
      const answer = answerOf(await compute());
      await found.claim.store(await answer.gzipped());
      return answer;
    } catch (error) {
      // Unreleased, the claim expires when no longer renewed.
      await found.claim.release().catch(() => {});
      throw error;
    }
  }

  /**
   * The teams' plans under `root` and their digest, kept per org view (one
   * catalog answer, which CachedCatalog keeps for 30 s per caller): a kept
   * rollup is served to every leader who opens the page, and resolving a
   * large org's scopes and hashing them took most of such a request's CPU
   * (yarn bench --cpu-profile, rollup phase at M).
   */
  private planned(view: OrgView, root: string | null): Planned {
    let byRoot = this.plans.get(view);
    if (!byRoot) {
      byRoot = new Map();
      this.plans.set(view, byRoot);
    }
    const known = byRoot.get(root ?? '');
    if (known) return known;
    const teamRefs = (
      root
        ? groupAndDescendants(view, root).filter(g => g !== root)
        : [...view.groups.keys()]
    ).sort();
    const plans: TeamPlan[] = teamRefs.map(team => ({
      groupRef: team,
      ...view.groups.get(team)!,
      scope: groupScope(view, team),
      // Every child of a listed team is listed (the listing is a subtree).
      subTeams: view.childrenOf.get(team)?.length ?? 0,
      ownServices: ownedEntities(view, [team]),
      goals: goalsOfGroup(view, team, this.deps.goals),
    }));
    const allServices = [
      ...new Set(plans.flatMap(p => p.scope.entities)),
    ].sort();
    const digest = createHash('sha256')
      .update(JSON.stringify([root, plans]))
      .digest('hex');
    const planned = { teamRefs, plans, allServices, digest };
    byRoot.set(root ?? '', planned);
    return planned;
  }

  private async compute(
    root: string | null,
    window: TimeWindow,
    plans: TeamPlan[],
    allServices: string[],
    versions: Map<string, number>,
  ): Promise<RollupResponse> {
    const previous = previousWindow(window);
    const activityRefs = [...allServices, ...plans.map(p => p.groupRef)];
    const [facts, rows] = await Promise.all([
      // Only the two windows' facts of each service are held.
      this.deps.facts.factsOf(allServices, versions, {
        from: previous.from,
        to: window.to,
      }),
      preloadRows(this.deps.store, window, {
        toil: activityRefs,
        pages: activityRefs,
        shifts: activityRefs,
      }),
    ]);
    // Team after team, letting other requests in between: a cold rollup of a
    // large org is seconds of work.
    const slice = new TimeSlice();
    const evaluate = new ScopeEvaluator(
      this.deps,
      preloadedInputs(facts, rows, window),
      slice,
    );
    const teams: RollupTeam[] = [];
    for (const plan of plans) {
      const { scope } = plan;
      const dora = await evaluate.dora(scope.entities);
      const own = await evaluate.dora(plan.ownServices);
      const toil = await evaluate.toil(scope, window);
      const onCall = await evaluate.onCall(scope, window);
      const current = dora.metrics(window);
      teams.push({
        groupRef: plan.groupRef,
        title: plan.title,
        parentRef: plan.parentRef,
        services: scope.entities.length,
        subTeams: plan.subTeams,
        own:
          plan.subTeams > 0 && plan.ownServices.length > 0
            ? {
                services: plan.ownServices.length,
                dora: own.metrics(window),
                previous: own.metrics(previous),
              }
            : null,
        dora: current,
        previous: dora.metrics(previous),
        weekly: dora
          .weekly(window)
          .filter(isWholeWeek)
          .map(w => ({
            weekStart: w.weekStart,
            deployments: w.deployments,
            leadTimeMedianSeconds: w.leadTimeMedianSeconds,
          })),
        toil: {
          hours: toil.totalHours,
          share: toil.share,
          status: toil.status,
        },
        pagesPer12h: onCall.team.pagesPer12h,
        goals: figureGoalsOf(plan.goals, {
          ...doraGoalFigures(current),
          toilShare: toil.share,
          pagesPer12h: onCall.team.pagesPer12h,
          offHoursPagesPerWeek: onCall.team.offHoursPagesPerResponderWeek,
        }),
      });
      await slice.pause();
    }

    const serviceMetrics: DoraMetrics[] = [];
    for (const service of allServices) {
      serviceMetrics.push((await evaluate.dora([service])).metrics(window));
    }
    const pooled = (await evaluate.dora(allServices)).metrics(window);
    return {
      window: { from: iso(window.from), to: iso(window.to) },
      previousWindow: { from: iso(previous.from), to: iso(previous.to) },
      groupRef: root,
      teams,
      distribution: Object.fromEntries(
        METRICS.map(metric => [
          metric,
          {
            // Each team once: a parent's row would count its sub-teams'
            // services a second time.
            teams: countBands(
              teams.flatMap(t => countedFigures(t)?.dora ?? []),
              metric,
            ),
            services: countBands(serviceMetrics, metric),
          },
        ]),
      ) as RollupResponse['distribution'],
      pooled,
      goals: goalSummaryOf(teams),
    };
  }
}

/**
 * Per metric with any goal, how many teams meet theirs. Each team is judged
 * on its row (everything it and its sub-teams own), since the goal it is
 * given applies to all of that.
 */
function goalSummaryOf(teams: RollupTeam[]): RollupResponse['goals'] {
  const summary: RollupResponse['goals'] = {};
  for (const team of teams) {
    for (const goal of team.goals) {
      const counts = (summary[goal.metric as GoalMetric] ??= {
        met: 0,
        missed: 0,
        noData: 0,
      });
      if (goal.met === null) counts.noData += 1;
      else if (goal.met) counts.met += 1;
      else counts.missed += 1;
    }
  }
  return summary;
}

function countBands(
  metrics: DoraMetrics[],
  metric: RollupMetricKey,
): BandCounts {
  const counts = emptyCounts();
  for (const m of metrics) {
    const band: PerformanceBand | null = m[metric].band;
    counts[band ?? 'none'] += 1;
  }
  return counts;
}
