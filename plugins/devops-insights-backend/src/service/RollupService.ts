import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  appendTo,
  BandCounts,
  buildDoraIndex,
  computeDora,
  computeDoraWeekly,
  computeOnCall,
  computeToil,
  DoraConfig,
  DoraIndex,
  DoraMetrics,
  eventKey,
  mergeDoraIndexes,
  PerformanceBand,
  RollupMetricKey,
  RollupResponse,
  RollupTeam,
  TimeWindow,
  ToilConfig,
} from '@devops-insights/backstage-plugin-common';
import { ActivityRows, DoraRows, EventStore } from '../database/EventStore';
import { normalizeEntityRef } from './entityRefs';

const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');
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
 * The leadership rollup: one row per team, computed from the rows of every
 * team's services loaded once, by the same pure definitions as entity pages.
 */
export class RollupService {
  constructor(
    private readonly deps: {
      store: EventStore;
      catalog: CatalogReader;
      dora: DoraConfig;
      toil: ToilConfig;
      defaultTimeZone: string;
    },
  ) {}

  async rollup(
    groupRef: string | undefined,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<RollupResponse> {
    const root = groupRef ? normalizeEntityRef(groupRef) : null;
    if (
      root &&
      !(await this.deps.catalog.getEntityByRef(root, { credentials }))
    ) {
      throw new NotFoundError(`No entity ${root}`);
    }
    const org = await this.readOrg(credentials);
    const subtree = (group: string): string[] => [
      group,
      ...(org.groups.get(group)?.children ?? []).flatMap(subtree),
    ];
    const teamRefs = (
      root ? subtree(root).filter(g => g !== root) : [...org.groups.keys()]
    ).sort();
    const scopeOf = new Map(
      teamRefs.map(team => [
        team,
        [
          ...new Set(
            subtree(team).flatMap(g => org.servicesByOwner.get(g) ?? []),
          ),
        ].sort(),
      ]),
    );
    const allServices = [...new Set([...scopeOf.values()].flat())].sort();
    const [dora, activity] = await Promise.all([
      this.deps.store.loadDora(allServices),
      this.deps.store.loadActivity([...allServices, ...teamRefs]),
    ]);
    const rowsFor = partitionRows(dora, activity);
    const previous = { from: 2 * window.from - window.to, to: window.from };
    // Every DORA rule is per entity or follows an explicit reference, so a
    // scope's index is the merge of its services' indexes: each service's rows
    // are walked once, not again for every team above it and for the pool.
    const serviceIndexes = new Map(
      allServices.map(service => {
        const rows = rowsFor([service]);
        return [
          service,
          buildDoraIndex(
            {
              scopeEntityRefs: new Set([service]),
              deployments: rows.deployments,
              incidents: rows.incidents,
            },
            this.deps.dora,
          ),
        ];
      }),
    );
    // Scopes are sorted lists; a team over all services and the pool share one.
    const indexByScope = new Map<string, DoraIndex>();
    const indexOf = (services: string[]): DoraIndex => {
      const scopeKey = services.join('\n');
      let index = indexByScope.get(scopeKey);
      if (!index) {
        index = services.length
          ? mergeDoraIndexes(services.map(s => serviceIndexes.get(s)!))
          : buildDoraIndex(
              { scopeEntityRefs: new Set(), deployments: [], incidents: [] },
              this.deps.dora,
            );
        indexByScope.set(scopeKey, index);
      }
      return index;
    };
    const windowMetrics = new Map<DoraIndex, DoraMetrics>();
    const metricsOf = (index: DoraIndex): DoraMetrics => {
      let metrics = windowMetrics.get(index);
      if (!metrics) {
        metrics = computeDora(index, window);
        windowMetrics.set(index, metrics);
      }
      return metrics;
    };

    const teams: RollupTeam[] = teamRefs.map(team => {
      const scope = scopeOf.get(team)!;
      // Toil and on-call read the team's own rows only; its DORA index is the
      // merge above, so the rows pointing in need not be gathered again.
      const rows = rowsFor([...scope, ...subtree(team)], { pointingIn: false });
      const index = indexOf(scope);
      const members = new Set(
        subtree(team).flatMap(g => org.membersByGroup.get(g) ?? []),
      );
      const inScope = new Set(scope);
      const toil = computeToil(
        {
          incidents: rows.incidents.filter(i => inScope.has(i.entityRef)),
          deployments: rows.deployments.filter(d => inScope.has(d.entityRef)),
          ciRuns: rows.ciRuns,
          toilReports: rows.toilReports,
          members: members.size,
        },
        window,
        this.deps.toil,
      );
      const onCall = computeOnCall(
        {
          shifts: rows.shifts,
          pages: rows.pages,
          incidents: [],
          userTimeZones: new Map(),
          defaultTimeZone: this.deps.defaultTimeZone,
          now: window.to,
        },
        window,
      );
      const coverage = onCall.team.level1CoverageHours;
      const pages = onCall.responders.reduce((sum, r) => sum + r.pages, 0);
      return {
        groupRef: team,
        title: org.groups.get(team)!.title,
        parentRef: org.groups.get(team)!.parent,
        services: scope.length,
        dora: metricsOf(index),
        previous: computeDora(index, previous),
        weekly: computeDoraWeekly(index, window).map(w => ({
          weekStart: w.weekStart,
          deployments: w.deployments,
          leadTimeMedianSeconds: w.leadTimeMedianSeconds,
        })),
        toil: {
          hours: toil.totalHours,
          share: toil.share,
          status: toil.status,
        },
        pagesPer12h: coverage > 0 ? pages / (coverage / 12) : null,
      };
    });

    const serviceMetrics = allServices.map(service =>
      metricsOf(serviceIndexes.get(service)!),
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
            teams: countBands(
              teams.map(t => t.dora),
              metric,
            ),
            services: countBands(serviceMetrics, metric),
          },
        ]),
      ) as RollupResponse['distribution'],
      pooled: metricsOf(indexOf(allServices)),
    };
  }

  private async readOrg(credentials: BackstageCredentials): Promise<Org> {
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'relations',
    ];
    const [groups, owned, users] = await Promise.all([
      this.deps.catalog.getEntities(
        { filter: { kind: 'group' }, fields: [...fields, 'spec.profile'] },
        { credentials },
      ),
      this.deps.catalog.getEntities(
        { filter: { kind: ['component', 'api', 'resource'] }, fields },
        { credentials },
      ),
      this.deps.catalog.getEntities(
        { filter: { kind: 'user' }, fields },
        { credentials },
      ),
    ]);
    const org: Org = {
      groups: new Map(),
      servicesByOwner: new Map(),
      membersByGroup: new Map(),
    };
    for (const group of groups.items) {
      const profile = (group.spec?.profile ?? {}) as { displayName?: string };
      org.groups.set(refOf(group), {
        title:
          profile.displayName ?? group.metadata.title ?? group.metadata.name,
        parent: relationTargets(group, RELATION_CHILD_OF)[0] ?? null,
        children: [],
      });
    }
    for (const [ref, group] of org.groups) {
      if (group.parent) org.groups.get(group.parent)?.children.push(ref);
    }
    for (const entity of owned.items) {
      // The in-memory catalog of tests ignores kind arrays; filter here too.
      if (!SERVICE_KINDS.has(entity.kind.toLocaleLowerCase('en-US'))) continue;
      for (const owner of relationTargets(entity, RELATION_OWNED_BY)) {
        appendTo(org.servicesByOwner, owner, refOf(entity));
      }
    }
    for (const user of users.items) {
      for (const group of relationTargets(user, RELATION_MEMBER_OF)) {
        appendTo(org.membersByGroup, group, refOf(user));
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

/**
 * Indexes rows by entity once, so each team's and service's inputs are
 * gathered without scanning everything again: its own rows plus the rows of
 * other entities pointing into it (remediations, incidents naming a cause).
 */
function partitionRows(dora: DoraRows, activity: ActivityRows) {
  const group = <T extends { entityRef: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) appendTo(map, row.entityRef, row);
    return map;
  };
  const deployments = group(dora.deployments);
  const incidents = group(dora.incidents);
  const pages = group(activity.pages);
  const shifts = group(activity.shifts);
  const ciRuns = group(activity.ciRuns);
  const toilReports = group(activity.toilReports);
  const remediationsOf = new Map<string, typeof dora.deployments>();
  for (const d of dora.deployments) {
    if (!d.remediatesDeployment) continue;
    const target = eventKey(d.remediatesDeployment);
    appendTo(remediationsOf, target, d);
  }
  const incidentsCausedBy = new Map<string, typeof dora.incidents>();
  for (const i of dora.incidents) {
    if (!i.causedBy) continue;
    const target = eventKey(i.causedBy);
    appendTo(incidentsCausedBy, target, i);
  }

  return (refs: string[], { pointingIn: withPointing = true } = {}) => {
    const inRefs = new Set(refs);
    const own = <T>(map: Map<string, T[]>) =>
      refs.flatMap(ref => map.get(ref) ?? []);
    // Own rows of distinct entities are disjoint; rows pointing in from the
    // same refs are own rows already, so only other entities' are added.
    const pointingIn = <T extends { entityRef: string }>(
      byTarget: Map<string, T[]>,
      targetKeys: string[],
      into: T[],
    ) => {
      for (const key of targetKeys) {
        const rows = byTarget.get(key);
        if (!rows) continue;
        for (const row of rows) if (!inRefs.has(row.entityRef)) into.push(row);
      }
      return into;
    };
    const ownDeployments = own(deployments);
    const ownKeys = withPointing ? ownDeployments.map(eventKey) : [];
    return {
      deployments: pointingIn(remediationsOf, ownKeys, ownDeployments),
      incidents: pointingIn(incidentsCausedBy, ownKeys, own(incidents)),
      pages: own(pages),
      shifts: own(shifts),
      ciRuns: own(ciRuns),
      toilReports: own(toilReports),
    };
  };
}
