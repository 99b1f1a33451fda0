import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  appendTo,
  DoraConfig,
  doraMetricsOf,
  doraWeeklyOf,
  onCallSteps,
  ROWS_PER_STEP,
  Steps,
  TimeWindow,
  ToilConfig,
  ToilFacts,
  toilFactsOf,
  toilOf,
} from '@devops-insights/backstage-plugin-common';
import {
  EventStore,
  StoredIncident,
  StoredPage,
  StoredShift,
  ToilActivity,
} from '../database/EventStore';
import { runCooperatively, TimeSlice } from '../cooperative';
import { EntityFacts, EntityFactsCache } from './EntityFactsCache';
import { Scope, ScopeResolver } from './ScopeResolver';

/** How far ahead on-call lists upcoming shifts (onCallSteps in -common). */
const UPCOMING_MS = 14 * 24 * 3600 * 1000;

/**
 * Where an evaluation reads its facts and rows: per request from the store
 * ({@link storeInputs}, the tabs), or from rows read once for every team
 * ({@link preloadedInputs}, the rollup). Which refs' rows a figure reads is
 * the evaluator's business, not the inputs'.
 */
export interface ScopeInputs {
  /**
   * Facts of each entity asked for; with `within`, at least that span of
   * time of them (what evaluating windows inside it needs).
   */
  facts(
    entities: string[],
    within?: TimeWindow,
  ): Promise<Map<string, EntityFacts>>;
  /** What toil reads of the CI runs and toil reports filed against the refs. */
  toilActivity(refs: string[], window: TimeWindow): Promise<ToilActivity>;
  /**
   * On-call shifts filed against the refs (at least those overlapping the
   * window, on call at `now` or starting within 14 days after it).
   */
  shifts(
    refs: string[],
    window: TimeWindow,
    now: number,
  ): Promise<StoredShift[]>;
  /** Pages filed against the refs (at least those of the window). */
  pages(refs: string[], window: TimeWindow): Promise<StoredPage[]>;
  /** The entities' own incidents (at least those created or resolved in the window). */
  incidents(entities: string[], window: TimeWindow): Promise<StoredIncident[]>;
  /** The time zone of each user that has one. */
  userTimeZones(users: string[]): Promise<Map<string, string>>;
  /** The instant "on call now" and "upcoming" are relative to. */
  now(): number;
}

export type EvaluationConfig = {
  dora: DoraConfig;
  toil: ToilConfig;
  defaultTimeZone: string;
};

/**
 * Turns a {@link Scope} and a window into DORA, toil and on-call figures by
 * the pure definitions of `-common`, for the tabs and the rollup alike, so a
 * team's rollup row is what its Group tabs show. Long loops pause through the
 * given time slice.
 */
export class ScopeEvaluator {
  constructor(
    private readonly config: EvaluationConfig,
    private readonly inputs: ScopeInputs,
    private readonly slice = new TimeSlice(),
  ) {}

  /** The DORA figures of the entities' events, for any window. */
  async dora(entities: string[]) {
    const facts = await this.inputs.facts(entities);
    const dora = entities.map(ref => facts.get(ref)!.dora);
    const { benchmarks } = this.config.dora;
    return {
      metrics: (window: TimeWindow) => doraMetricsOf(dora, window, benchmarks),
      weekly: (window: TimeWindow) => doraWeeklyOf(dora, window, benchmarks),
    };
  }

  /**
   * Toil of the scope: its entities' facts plus the CI runs and toil reports
   * of its activity refs, a share of its members' capacity.
   */
  async toil(scope: Scope, window: TimeWindow) {
    const [facts, activity] = await Promise.all([
      this.inputs.facts(scope.entities, window),
      this.inputs.toilActivity(scope.activityRefs, window),
    ]);
    const activityFacts = await runCooperatively(
      activityToilFactsSteps(activity, this.config.toil),
      this.slice,
    );
    await this.slice.pause();
    return toilOf(
      [...scope.entities.map(ref => facts.get(ref)!.toil), ...activityFacts],
      scope.members.length,
      window,
      this.config.toil,
    );
  }

  /**
   * On-call of the scope: shifts of its entities and owning groups (they
   * count for every scope), pages of its activity refs (a Group's own pages
   * only for a Group scope), incidents of its entities.
   */
  async onCall(scope: Scope, window: TimeWindow) {
    const now = this.inputs.now();
    const [incidents, shifts, pages] = await Promise.all([
      this.inputs.incidents(scope.entities, window),
      this.inputs.shifts(
        [...new Set([...scope.entities, ...scope.owningGroups])],
        window,
        now,
      ),
      this.inputs.pages(scope.activityRefs, window),
    ]);
    const users = [...new Set([...shifts, ...pages].map(r => r.userRef))];
    return runCooperatively(
      onCallSteps(
        {
          shifts,
          pages,
          incidents,
          userTimeZones: await this.inputs.userTimeZones(users),
          defaultTimeZone: this.config.defaultTimeZone,
          now,
        },
        window,
      ),
      this.slice,
    );
  }
}

/** The inputs of one tab request: the store and the caller's catalog. */
export function storeInputs(
  deps: {
    store: EventStore;
    facts: EntityFactsCache;
    scopes: ScopeResolver;
    now: () => number;
  },
  credentials: BackstageCredentials,
): ScopeInputs {
  const { store, facts, scopes } = deps;
  return {
    facts: (entities, within) => facts.factsOf(entities, undefined, within),
    toilActivity: (refs, window) => store.loadToilActivity(refs, window),
    // Only the window's shifts, pages and incidents, and the shifts of now
    // and the next 14 days: the figures use no others.
    shifts: (refs, window, now) =>
      store.loadShifts(refs, { window, now, until: now + UPCOMING_MS }),
    pages: (refs, window) => store.loadPages(refs, window),
    incidents: (entities, window) => store.loadIncidents(entities, window),
    userTimeZones: users => scopes.userTimeZones(users, credentials),
    now: deps.now,
  };
}

/** The rows of a rollup or a breakdown, read once for one window. */
export type PreloadedRows = {
  toil: ToilActivity;
  /** Pages of the window. */
  pages: StoredPage[];
  /** Shifts overlapping the window (or the 14 days after it). */
  shifts: StoredShift[];
  /** Incidents created or resolved in the window (only for on-call figures). */
  incidents: StoredIncident[];
};

/**
 * Reads the window's rows of every ref once for {@link preloadedInputs}:
 * only the tables a figure needs are read, the others left empty.
 */
export async function preloadRows(
  store: EventStore,
  window: TimeWindow,
  refs: {
    toil?: string[];
    pages?: string[];
    shifts?: string[];
    incidents?: string[];
  },
): Promise<PreloadedRows> {
  const none = { ciRuns: [], toilReports: [], firstActivityAt: new Map() };
  const [toil, pages, shifts, incidents] = await Promise.all([
    refs.toil ? store.loadToilActivity(refs.toil, window) : none,
    refs.pages ? store.loadPages(refs.pages, window) : [],
    refs.shifts
      ? store.loadShifts(refs.shifts, {
          window,
          now: window.to,
          until: window.to + UPCOMING_MS,
        })
      : [],
    refs.incidents ? store.loadIncidents(refs.incidents, window) : [],
  ]);
  return { toil, pages, shifts, incidents };
}

/**
 * The inputs of a rollup or a breakdown: facts and the window's rows of
 * every team or entity read once, grouped by entity so each takes its own
 * cheaply. Neither shows figures that depend on time zones or "now" (the
 * rollup shows of on-call only pages per 12 h, the breakdown counts and
 * response times), so it reads no zones and takes the window's end as now.
 * Its rows are those of the window they were read for, whatever window it
 * is then asked about: evaluate only that window (and, of the facts, the
 * span they were cut to).
 */
export function preloadedInputs(
  facts: Map<string, EntityFacts>,
  rows: PreloadedRows,
  window: TimeWindow,
): ScopeInputs {
  const byEntity = <T extends { entityRef: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of list) appendTo(map, row.entityRef, row);
    return (refs: string[]) =>
      [...new Set(refs)].flatMap(ref => map.get(ref) ?? []);
  };
  const pages = byEntity(rows.pages);
  const shifts = byEntity(rows.shifts);
  const ciRuns = byEntity(rows.toil.ciRuns);
  const toilReports = byEntity(rows.toil.toilReports);
  const incidents = byEntity(rows.incidents);
  const { firstActivityAt } = rows.toil;
  return {
    facts: async () => facts,
    toilActivity: async refs => ({
      ciRuns: ciRuns(refs),
      toilReports: toilReports(refs),
      firstActivityAt: new Map(
        refs.flatMap(ref => {
          const at = firstActivityAt.get(ref);
          return at === undefined ? [] : [[ref, at] as const];
        }),
      ),
    }),
    shifts: async refs => shifts(refs),
    pages: async refs => pages(refs),
    incidents: async entities => incidents(entities),
    userTimeZones: async () => new Map(),
    now: () => window.to,
  };
}

/**
 * Toil facts of a scope's CI runs and toil reports, which are read per
 * request and window: one entity at a time (no toil rule relates two
 * entities' runs or reports, so their facts evaluate together as their union
 * does), pausing between entities and every {@link ROWS_PER_STEP} rows. An
 * entity's facts begin when its whole history does, not its window's rows.
 */
function* activityToilFactsSteps(
  activity: ToilActivity,
  config: ToilConfig,
): Steps<ToilFacts[]> {
  const byEntity = new Map<
    string,
    Pick<ToilActivity, 'ciRuns' | 'toilReports'>
  >();
  for (const ref of activity.firstActivityAt.keys()) {
    byEntity.set(ref, { ciRuns: [], toilReports: [] });
  }
  const of = (ref: string) => {
    let rows = byEntity.get(ref);
    if (!rows) byEntity.set(ref, (rows = { ciRuns: [], toilReports: [] }));
    return rows;
  };
  for (const run of activity.ciRuns) of(run.entityRef).ciRuns.push(run);
  for (const report of activity.toilReports) {
    of(report.entityRef).toilReports.push(report);
  }
  const facts: ToilFacts[] = [];
  let rows = 0;
  for (const [ref, own] of byEntity) {
    const windowed = toilFactsOf(
      { incidents: [], deployments: [], ...own },
      config,
    );
    facts.push({
      ...windowed,
      firstActivityAt:
        activity.firstActivityAt.get(ref) ?? windowed.firstActivityAt,
    });
    rows += own.ciRuns.length + own.toilReports.length;
    if (rows >= ROWS_PER_STEP) {
      rows = 0;
      yield;
    }
  }
  return facts;
}
