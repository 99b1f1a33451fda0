import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  appendTo,
  BreakdownOnCall,
  BreakdownResponse,
  BreakdownRow,
  BreakdownTab,
  BreakdownToil,
  CoverageResponse,
  coverageSummaryOf,
  DoraConfig,
  doraMetricsOf,
  EntityCoverage,
  entityCoverageOf,
  onCallSteps,
  TeamsCoverageResponse,
  TimeWindow,
  ToilConfig,
  ToilFacts,
  toilOf,
} from '@devops-insights/backstage-plugin-common';
import { CoverageStore } from '../database/CoverageStore';
import { EventStore } from '../database/EventStore';
import { runCooperatively, TimeSlice } from '../cooperative';
import { CatalogReader } from './CachedCatalog';
import { EntityFactsCache } from './EntityFactsCache';
import { normalizeEntityRef } from './entityRefs';
import { activityRefs, activityToilFactsSteps } from './MetricsService';
import { groupAndDescendants, readOrgView } from './OrgView';
import { partitionActivity } from './partitionActivity';
import { ScopeResolver } from './ScopeResolver';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');
const iso = (ms: number) => new Date(ms).toISOString();
const inWindow = (t: number | null, w: TimeWindow) =>
  t !== null && t >= w.from && t < w.to;

/** What the catalog says of one pooled entity: its annotations and owners. */
type CatalogFacts = { annotations: Record<string, string>; owners: string[] };

/**
 * The per-entity side of a Group/System/Domain page: one row per pooled
 * entity with the tab's figures, evaluated from the same facts and rows the
 * pooled figures are (so the rows add up to them), and each entity's
 * coverage: which sources feed it and what is missing.
 */
export class BreakdownService {
  constructor(
    private readonly deps: {
      store: EventStore;
      facts: EntityFactsCache;
      coverage: CoverageStore;
      catalog: CatalogReader;
      scopes: ScopeResolver;
      dora: DoraConfig;
      toil: ToilConfig;
      defaultTimeZone: string;
      now?: () => number;
    },
  ) {}

  async breakdown(
    entityRef: string,
    tab: BreakdownTab,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<BreakdownResponse> {
    const { ref, entity, scope } = await this.scope(entityRef, credentials);
    const isGroup = lower(entity.kind) === 'group';
    const [catalogFacts, view] = await Promise.all([
      this.catalogFacts(scope, credentials),
      readOrgView(this.deps.catalog, credentials),
    ]);
    const owners = isGroup
      ? groupAndDescendants(view, ref)
      : [...new Set(scope.flatMap(r => catalogFacts.get(r)?.owners ?? []))];
    const versions = await this.deps.store.versions([...scope, ...owners]);
    const coverage = await this.coverageRows(scope, catalogFacts, versions);
    const previous = { from: 2 * window.from - window.to, to: window.from };
    const rows: BreakdownRow[] = scope.map(r => ({
      entityRef: r,
      ownerRef: isGroup
        ? catalogFacts.get(r)?.owners.find(o => owners.includes(o)) ?? ref
        : null,
      coverage: coverage.get(r)!,
    }));
    let teamLevel = { toilHours: 0, pages: 0 };
    if (tab === 'dora') {
      const facts = await this.deps.facts.factsOf(scope, versions);
      const { benchmarks } = this.deps.dora;
      for (const row of rows) {
        const dora = [facts.get(row.entityRef)!.dora];
        row.dora = {
          current: doraMetricsOf(dora, window, benchmarks),
          previous: doraMetricsOf(dora, previous, benchmarks),
        };
      }
    } else if (tab === 'toil') {
      const activity = activityRefs(entity, scope, isGroup ? owners : []);
      const { toil, teamHours } = await this.toil(scope, activity, window, versions);
      for (const row of rows) row.toil = toil.get(row.entityRef);
      teamLevel = { ...teamLevel, toilHours: teamHours };
    } else {
      const activity = activityRefs(entity, scope, isGroup ? owners : []);
      const { onCall, teamPages } = await this.onCall(
        scope,
        activity,
        catalogFacts,
        window,
      );
      for (const row of rows) row.onCall = onCall.get(row.entityRef);
      teamLevel = { ...teamLevel, pages: teamPages };
    }
    return {
      entityRef: ref,
      tab,
      window: { from: iso(window.from), to: iso(window.to) },
      previousWindow: { from: iso(previous.from), to: iso(previous.to) },
      rows,
      teamLevel,
      coverage: coverageSummaryOf([...coverage.values()]),
    };
  }

  /** Coverage of an entity's scope: itself, or what a Group/System/Domain pools. */
  async coverage(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<CoverageResponse> {
    const { ref, scope } = await this.scope(entityRef, credentials);
    const catalogFacts = await this.catalogFacts(scope, credentials);
    const owners = [
      ...new Set(scope.flatMap(r => catalogFacts.get(r)?.owners ?? [])),
    ];
    const versions = await this.deps.store.versions([...scope, ...owners]);
    const coverage = await this.coverageRows(scope, catalogFacts, versions);
    const entities = [...coverage.values()];
    return { entityRef: ref, entities, summary: coverageSummaryOf(entities) };
  }

  /** The coverage of each team the leadership rollup lists. */
  async teamsCoverage(
    groupRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<TeamsCoverageResponse> {
    const root = groupRef ? normalizeEntityRef(groupRef, 'component') : null;
    const view = await readOrgView(this.deps.catalog, credentials);
    const groups = [...view.entities.keys()].filter(r => r.startsWith('group:'));
    if (root && !view.entities.has(root)) {
      throw new NotFoundError(`No group ${root}`);
    }
    const teams = (
      root ? groupAndDescendants(view, root).filter(g => g !== root) : groups
    ).sort();
    const scopes = new Map<string, string[]>();
    for (const team of teams) {
      scopes.set(
        team,
        await this.deps.scopes.resolve(view.entities.get(team)!, credentials),
      );
    }
    const all = [...new Set([...scopes.values()].flat())];
    const catalogFacts = await this.catalogFacts(all, credentials);
    const owners = [...new Set(all.flatMap(r => catalogFacts.get(r)!.owners))];
    const versions = await this.deps.store.versions([...all, ...owners]);
    const coverage = await this.coverageRows(all, catalogFacts, versions);
    return {
      groupRef: root,
      teams: teams.map(team => ({
        groupRef: team,
        summary: coverageSummaryOf(
          scopes.get(team)!.map(r => coverage.get(r)!),
        ),
      })),
    };
  }

  private async coverageRows(
    scope: string[],
    catalogFacts: Map<string, CatalogFacts>,
    versions: Map<string, number>,
  ): Promise<Map<string, EntityCoverage>> {
    const owners = scope.flatMap(r => catalogFacts.get(r)?.owners ?? []);
    const stored = await this.deps.coverage.coverageOf(
      [...new Set([...scope, ...owners])],
      versions,
    );
    const now = (this.deps.now ?? Date.now)();
    return new Map(
      scope.map(r => {
        const own = catalogFacts.get(r) ?? { annotations: {}, owners: [] };
        const shiftEnds = [r, ...own.owners]
          .map(holder => stored.get(holder)?.lastShiftEnd ?? null)
          .filter((end): end is number => end !== null);
        return [
          r,
          entityCoverageOf({
            entityRef: r,
            lastEvents: stored.get(r)!.lastEvents,
            annotations: own.annotations,
            shiftEnds,
            now,
          }),
        ];
      }),
    );
  }

  /** Each entity's annotations and owners, in one catalog request. */
  private async catalogFacts(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, CatalogFacts>> {
    if (!refs.length) return new Map();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'relations',
        ],
      },
      { credentials },
    );
    const result = new Map<string, CatalogFacts>();
    items.forEach((item, i) => {
      result.set(refs[i], {
        annotations: item?.metadata.annotations ?? {},
        owners: (item?.relations ?? [])
          .filter(rel => rel.type === RELATION_OWNED_BY)
          .map(rel => lower(rel.targetRef)),
      });
    });
    return result;
  }

  /** Toil per entity; team-level hours are those of activity filed against groups. */
  private async toil(
    scope: string[],
    activityOf: string[],
    window: TimeWindow,
    versions: Map<string, number>,
  ) {
    const [facts, activity] = await Promise.all([
      this.deps.facts.factsOf(scope, versions),
      this.deps.store.loadActivity(activityOf, ['ciRuns', 'toilReports']),
    ]);
    const byEntity = partitionActivity(activity);
    const slice = new TimeSlice();
    const activityFacts = async (refs: string[]): Promise<ToilFacts[]> =>
      runCooperatively(
        activityToilFactsSteps(byEntity(refs), this.deps.toil),
        slice,
      );
    const toil = new Map<string, BreakdownToil>();
    for (const ref of scope) {
      const figures = toilOf(
        [facts.get(ref)!.toil, ...(await activityFacts([ref]))],
        0,
        window,
        this.deps.toil,
      );
      const top = [...figures.signals]
        .filter(s => s.hours > 0)
        .sort((a, b) => b.hours - a.hours)[0];
      toil.set(ref, {
        hours: figures.totalHours,
        topSignal: top ? { key: top.key, hours: top.hours } : null,
      });
    }
    const inScope = new Set(scope);
    const teamFacts = await activityFacts(activityOf.filter(r => !inScope.has(r)));
    const teamHours = toilOf(teamFacts, 0, window, this.deps.toil).totalHours;
    return { toil, teamHours: teamHours ?? 0 };
  }

  /**
   * On-call per entity: its incidents and pages, over the rotations filed
   * against it and its owners; team-level pages are those filed against groups.
   */
  private async onCall(
    scope: string[],
    activityOf: string[],
    catalogFacts: Map<string, CatalogFacts>,
    window: TimeWindow,
  ) {
    const owners = scope.flatMap(r => catalogFacts.get(r)?.owners ?? []);
    const [incidents, { shifts }, pages] = await Promise.all([
      this.deps.store.loadIncidents(scope, window),
      this.deps.store.loadActivity([...new Set([...scope, ...owners])], [
        'shifts',
      ]),
      this.deps.store.loadPages(activityOf, window),
    ]);
    const rows = partitionActivity({ pages, shifts, ciRuns: [], toilReports: [] });
    const incidentsOf = new Map<string, typeof incidents>();
    for (const i of incidents) appendTo(incidentsOf, i.entityRef, i);
    const interrupting = (p: { channel: string; notifiedAt: number }) =>
      p.channel !== 'email' && inWindow(p.notifiedAt, window);
    const slice = new TimeSlice();
    const onCall = new Map<string, BreakdownOnCall>();
    for (const ref of scope) {
      const own = rows([ref]);
      const figures = await runCooperatively(
        onCallSteps(
          {
            shifts: rows([ref, ...(catalogFacts.get(ref)?.owners ?? [])]).shifts,
            pages: own.pages,
            incidents: incidentsOf.get(ref) ?? [],
            userTimeZones: new Map(),
            defaultTimeZone: this.deps.defaultTimeZone,
            now: window.to,
          },
          window,
        ),
        slice,
      );
      onCall.set(ref, {
        incidents: figures.incidents.created,
        pages: own.pages.filter(interrupting).length,
        pagesPer12h: figures.team.pagesPer12h,
        mttaSeconds: figures.incidents.mttaSeconds,
        mttrSeconds: figures.incidents.mttrSeconds,
        rotation: figures.team.level1CoverageHours > 0,
      });
    }
    const inScope = new Set(scope);
    const teamPages = pages.filter(
      p => !inScope.has(p.entityRef) && interrupting(p),
    ).length;
    return { onCall, teamPages };
  }

  private async scope(
    requestedRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; entity: Entity; scope: string[] }> {
    const ref = normalizeEntityRef(requestedRef);
    const entity = await this.deps.scopes.entity(ref, credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const scope = await this.deps.scopes.resolve(entity, credentials);
    return { ref: lower(stringifyEntityRef(entity)), entity, scope };
  }
}
