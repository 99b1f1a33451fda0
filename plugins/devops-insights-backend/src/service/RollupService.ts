import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  appendTo,
  BandCounts,
  countedFigures,
  DoraConfig,
  DoraMetrics,
  doraMetricsOf,
  onCallSteps,
  doraWeeklyOf,
  isWholeWeek,
  PerformanceBand,
  RollupMetricKey,
  RollupResponse,
  RollupTeam,
  TimeWindow,
  ToilConfig,
  toilOf,
} from '@devops-insights/backstage-plugin-common';
import { EventStore } from '../database/EventStore';
import { EntityFactsCache } from './EntityFactsCache';
import { runCooperatively, TimeSlice } from '../cooperative';
import { activityToilFactsSteps } from './MetricsService';
import { readOrgView } from './OrgView';
import { partitionActivity } from './partitionActivity';
import { normalizeEntityRef } from './entityRefs';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const iso = (ms: number) => new Date(ms).toISOString();
const SERVICE_KINDS = new Set(['component', 'api', 'resource']);
const METRICS: RollupMetricKey[] = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore',
];

/** The catalog's org as the caller sees it, read in three requests. */
type Org = {
  groups: Map<
    string,
    { title: string; parent: string | null; children: string[] }
  >;
  servicesByOwner: Map<string, string[]>;
  membersByGroup: Map<string, string[]>;
};

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => lower(r.targetRef));
}

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
  response: RollupResponse;
  json: string;
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

/** One row of the rollup, as the catalog defines it. */
type TeamPlan = {
  groupRef: string;
  title: string;
  parentRef: string | null;
  /** The team and its descendants. */
  groups: string[];
  /** Services owned by any of them, each once. */
  services: string[];
  /** Listed teams whose parent it is. */
  subTeams: number;
  /** Services the team owns itself. */
  ownServices: string[];
  /** Distinct members of any of them. */
  members: number;
};

// Distinct (window, org, data) answers kept; older ones are dropped first.
const MAX_KEPT_RESULTS = 16;

/**
 * The leadership rollup: one row per team, computed from the rows of every
 * team's services loaded once, by the same pure definitions as entity pages.
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
    },
  ) {}

  private readonly results = new Map<string, Promise<RollupAnswer>>();

  async rollup(
    groupRef: string | undefined,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<RollupAnswer> {
    const root = groupRef ? normalizeEntityRef(groupRef) : null;
    const org = await this.readOrg(credentials);
    if (root && !org.groups.has(root)) {
      throw new NotFoundError(`No group ${root}`);
    }
    // Breadth-first with each group visited once: the catalog does not forbid
    // childOf cycles, and a recursive walk would overflow the stack on one.
    const subtree = (group: string): string[] => {
      const seen = new Set([group]);
      for (const g of seen) {
        for (const child of org.groups.get(g)?.children ?? []) seen.add(child);
      }
      return [...seen];
    };
    const teamRefs = (
      root ? subtree(root).filter(g => g !== root) : [...org.groups.keys()]
    ).sort();
    const plans: TeamPlan[] = teamRefs.map(team => ({
      groupRef: team,
      title: org.groups.get(team)!.title,
      parentRef: org.groups.get(team)!.parent,
      groups: subtree(team),
      services: [
        ...new Set(
          subtree(team).flatMap(g => org.servicesByOwner.get(g) ?? []),
        ),
      ].sort(),
      members: new Set(
        subtree(team).flatMap(g => org.membersByGroup.get(g) ?? []),
      ).size,
      // Every child of a listed team is listed (the listing is a subtree).
      subTeams: org.groups.get(team)!.children.length,
      ownServices: [...new Set(org.servicesByOwner.get(team) ?? [])].sort(),
    }));
    const allServices = [...new Set(plans.flatMap(p => p.services))].sort();
    const versions = await this.deps.store.versions([
      ...allServices,
      ...teamRefs,
    ]);

    // The answer is a function of the window, the org as the caller sees it
    // and the versions of every entity it reads: leaders opening the page at
    // once share one computation, and it is kept until something changes.
    const stamp = createHash('sha256')
      .update(JSON.stringify([root, window, plans, [...versions]]))
      .digest('hex');
    const known = this.results.get(stamp);
    if (known) return known;
    const result = this.compute(
      root,
      window,
      plans,
      allServices,
      versions,
    ).then(answerOf);
    this.results.set(stamp, result);
    result.catch(() => this.results.delete(stamp));
    while (this.results.size > MAX_KEPT_RESULTS) {
      this.results.delete(this.results.keys().next().value!);
    }
    return result;
  }

  private async compute(
    root: string | null,
    window: TimeWindow,
    plans: TeamPlan[],
    allServices: string[],
    versions: Map<string, number>,
  ): Promise<RollupResponse> {
    const [facts, activity] = await Promise.all([
      this.deps.facts.factsOf(allServices, versions),
      this.deps.store.loadActivity([
        ...allServices,
        ...plans.map(p => p.groupRef),
      ]),
    ]);
    const activityOf = partitionActivity(activity);
    const previous = { from: 2 * window.from - window.to, to: window.from };
    const { benchmarks } = this.deps.dora;
    const doraOf = (services: string[]) =>
      services.map(service => facts.get(service)!.dora);

    // Team after team, letting other requests in between: a cold rollup of a
    // large org is seconds of work.
    const slice = new TimeSlice();
    const teams: RollupTeam[] = [];
    for (const plan of plans) {
      const scope = plan.services;
      const dora = doraOf(scope);
      const rows = activityOf([...scope, ...plan.groups]);
      const activityFacts = await runCooperatively(
        activityToilFactsSteps(rows, this.deps.toil),
        slice,
      );
      const toil = toilOf(
        [...scope.map(service => facts.get(service)!.toil), ...activityFacts],
        plan.members,
        window,
        this.deps.toil,
      );
      const onCall = await runCooperatively(
        onCallSteps(
          {
            shifts: rows.shifts,
            pages: rows.pages,
            incidents: [],
            userTimeZones: new Map(),
            defaultTimeZone: this.deps.defaultTimeZone,
            now: window.to,
          },
          window,
        ),
        slice,
      );
      teams.push({
        groupRef: plan.groupRef,
        title: plan.title,
        parentRef: plan.parentRef,
        services: scope.length,
        subTeams: plan.subTeams,
        own:
          plan.subTeams > 0 && plan.ownServices.length > 0
            ? {
                services: plan.ownServices.length,
                dora: doraMetricsOf(
                  doraOf(plan.ownServices),
                  window,
                  benchmarks,
                ),
                previous: doraMetricsOf(
                  doraOf(plan.ownServices),
                  previous,
                  benchmarks,
                ),
              }
            : null,
        dora: doraMetricsOf(dora, window, benchmarks),
        previous: doraMetricsOf(dora, previous, benchmarks),
        weekly: doraWeeklyOf(dora, window, benchmarks)
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
      });
      await slice.pause();
    }

    const serviceMetrics = allServices.map(service =>
      doraMetricsOf(doraOf([service]), window, benchmarks),
    );
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
      pooled: doraMetricsOf(doraOf(allServices), window, benchmarks),
    };
  }

  /** The org as the caller sees it. */
  private async readOrg(credentials: BackstageCredentials): Promise<Org> {
    const view = await readOrgView(this.deps.catalog, credentials);
    const org: Org = {
      groups: new Map(),
      servicesByOwner: new Map(),
      membersByGroup: new Map(),
    };
    for (const [ref, entity] of view.entities) {
      const kind = ref.slice(0, ref.indexOf(':'));
      if (kind === 'group') {
        const profile = (entity.spec?.profile ?? {}) as {
          displayName?: string;
        };
        org.groups.set(ref, {
          title:
            profile.displayName ??
            entity.metadata.title ??
            entity.metadata.name,
          parent: relationTargets(entity, RELATION_CHILD_OF)[0] ?? null,
          children: view.childrenOf.get(ref) ?? [],
        });
      } else if (SERVICE_KINDS.has(kind)) {
        for (const owner of relationTargets(entity, RELATION_OWNED_BY)) {
          appendTo(org.servicesByOwner, owner, ref);
        }
      } else if (kind === 'user') {
        for (const group of relationTargets(entity, RELATION_MEMBER_OF)) {
          appendTo(org.membersByGroup, group, ref);
        }
      }
    }
    return org;
  }
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
