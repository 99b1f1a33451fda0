import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  BreakdownOnCall,
  BreakdownResponse,
  BreakdownRow,
  BreakdownTab,
  BreakdownToil,
  CoverageResponse,
  coverageSummaryOf,
  DoraConfig,
  EntityCoverage,
  entityCoverageOf,
  OnCallFigures,
  TeamsCoverageResponse,
  TimeWindow,
  ToilConfig,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
import { CoverageStore } from '../database/CoverageStore';
import { EventStore } from '../database/EventStore';
import { TimeSlice } from '../cooperative';
import { CatalogReader } from './CachedCatalog';
import { EntityFactsCache } from './EntityFactsCache';
import { normalizeEntityRef } from './entityRefs';
import { preloadedInputs, preloadRows, ScopeEvaluator } from './evaluateScope';
import { groupAndDescendants, readOrgView } from './OrgView';
import { groupScope, Scope, ScopeResolver } from './ScopeResolver';
import { previousWindow } from './window';

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
    const { ref, entity, scope } = await this.deps.scopes.resolveRef(
      entityRef,
      credentials,
    );
    const entities = scope.entities;
    const isGroup = lower(entity.kind) === 'group';
    const catalogFacts = await this.catalogFacts(entities, credentials);
    const versions = await this.deps.store.versions([
      ...entities,
      ...scope.owningGroups,
    ]);
    const coverage = await this.coverageRows(entities, catalogFacts, versions);
    const previous = previousWindow(window);
    const rows: BreakdownRow[] = entities.map(r => ({
      entityRef: r,
      ownerRef: isGroup
        ? catalogFacts
            .get(r)
            ?.owners.find(o => scope.owningGroups.includes(o)) ?? ref
        : null,
      coverage: coverage.get(r)!,
    }));
    // Each entity is a scope of its own, evaluated as its own tab evaluates
    // it, over rows read once for the whole scope.
    const entityScope = (r: string): Scope => ({
      entities: [r],
      activityRefs: [r],
      owningGroups: (catalogFacts.get(r)?.owners ?? []).filter(o =>
        o.startsWith('group:'),
      ),
      members: [],
    });
    const { evaluator, pages } = await this.evaluator(
      tab,
      scope,
      window,
      versions,
    );
    let teamLevel = { toilHours: 0, pages: 0 };
    if (tab === 'dora') {
      for (const row of rows) {
        const dora = await evaluator.dora([row.entityRef]);
        row.dora = {
          current: dora.metrics(window),
          previous: dora.metrics(previous),
        };
      }
    } else if (tab === 'toil') {
      for (const row of rows) {
        row.toil = toilRow(
          await evaluator.toil(entityScope(row.entityRef), window),
        );
      }
      // What a Group pools beyond its entities: toil filed against groups.
      const inScope = new Set(entities);
      const team = await evaluator.toil(
        {
          entities: [],
          activityRefs: scope.activityRefs.filter(r => !inScope.has(r)),
          owningGroups: [],
          members: [],
        },
        window,
      );
      teamLevel = { ...teamLevel, toilHours: team.totalHours ?? 0 };
    } else {
      for (const row of rows) {
        const figures = await evaluator.onCall(
          entityScope(row.entityRef),
          window,
        );
        row.onCall = onCallRow(
          figures,
          pages.filter(
            p => p.entityRef === row.entityRef && interrupting(p, window),
          ).length,
        );
      }
      const inScope = new Set(entities);
      teamLevel = {
        ...teamLevel,
        pages: pages.filter(
          p => !inScope.has(p.entityRef) && interrupting(p, window),
        ).length,
      };
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
    const { ref, scope } = await this.deps.scopes.resolveRef(
      entityRef,
      credentials,
    );
    const entities = scope.entities;
    const catalogFacts = await this.catalogFacts(entities, credentials);
    const owners = [
      ...new Set(entities.flatMap(r => catalogFacts.get(r)?.owners ?? [])),
    ];
    const versions = await this.deps.store.versions([...entities, ...owners]);
    const coverage = await this.coverageRows(entities, catalogFacts, versions);
    const rows = [...coverage.values()];
    return {
      entityRef: ref,
      entities: rows,
      summary: coverageSummaryOf(rows),
    };
  }

  /** The coverage of each team the leadership rollup lists. */
  async teamsCoverage(
    groupRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<TeamsCoverageResponse> {
    const root = groupRef ? normalizeEntityRef(groupRef, 'component') : null;
    const view = await readOrgView(this.deps.catalog, credentials);
    const groups = [...view.entities.keys()].filter(r =>
      r.startsWith('group:'),
    );
    if (root && !view.entities.has(root)) {
      throw new NotFoundError(`No group ${root}`);
    }
    const teams = (
      root ? groupAndDescendants(view, root).filter(g => g !== root) : groups
    ).sort();
    const scopes = new Map<string, string[]>();
    for (const team of teams) {
      scopes.set(team, groupScope(view, team).entities);
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

  /**
   * An evaluator over what the tab's figures read of the whole scope, read
   * once: facts for DORA and toil, CI runs and toil reports of the activity
   * refs for toil; the window's incidents and pages and the shifts of the
   * entities and their owners for on-call.
   */
  private async evaluator(
    tab: BreakdownTab,
    scope: Scope,
    window: TimeWindow,
    versions: Map<string, number>,
  ) {
    const oncall = tab === 'oncall';
    const [facts, rows] = await Promise.all([
      oncall
        ? new Map()
        : // Only the window's and the previous one's facts are held.
          this.deps.facts.factsOf(scope.entities, versions, {
            from: previousWindow(window).from,
            to: window.to,
          }),
      preloadRows(this.deps.store, window, {
        toil: tab === 'toil' ? scope.activityRefs : undefined,
        pages: oncall ? scope.activityRefs : undefined,
        shifts: oncall
          ? [...new Set([...scope.entities, ...scope.owningGroups])]
          : undefined,
        incidents: oncall ? scope.entities : undefined,
      }),
    ]);
    return {
      evaluator: new ScopeEvaluator(
        this.deps,
        preloadedInputs(facts, rows, window),
        new TimeSlice(),
      ),
      pages: rows.pages,
    };
  }
}

/** An entity's toil row: its hours and the signal that weighs most. */
function toilRow(
  figures: Omit<ToilResponse, 'entityRef' | 'window' | 'scope' | 'goals'>,
): BreakdownToil {
  const top = [...figures.signals]
    .filter(s => s.hours > 0)
    .sort((a, b) => b.hours - a.hours)[0];
  return {
    hours: figures.totalHours,
    topSignal: top ? { key: top.key, hours: top.hours } : null,
  };
}

/** An entity's on-call row from its figures and its interrupting pages. */
function onCallRow(figures: OnCallFigures, pages: number): BreakdownOnCall {
  return {
    incidents: figures.incidents.created,
    pages,
    pagesPer12h: figures.team.pagesPer12h,
    mttaSeconds: figures.incidents.mttaSeconds,
    mttrSeconds: figures.incidents.mttrSeconds,
    rotation: figures.team.level1CoverageHours > 0,
  };
}

/** A page that interrupts (not an email) and was sent in the window. */
function interrupting(
  p: { channel: string; notifiedAt: number },
  window: TimeWindow,
) {
  return p.channel !== 'email' && inWindow(p.notifiedAt, window);
}
