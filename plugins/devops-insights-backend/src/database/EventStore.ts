import {
  CiRunRow,
  DeploymentEvent,
  DeploymentRow,
  DevopsInsightsEvent,
  IncidentRow,
  PageRow,
  ShiftRow,
  ToilReportEvent,
  TimeWindow,
  ToilReportRow,
} from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import { ShiftScope } from './replaceShifts';

/** A deployment as stored: the metric row plus what the lists show. */
export type StoredDeployment = DeploymentRow & {
  environment: string;
  commitSha: string | null;
  url: string | null;
};

/** An incident as stored: the metric row plus what the lists show. */
export type StoredIncident = IncidentRow & { url: string | null };

export type StoredPage = PageRow;
export type StoredShift = ShiftRow;
export type StoredCiRun = CiRunRow & { url: string | null };
export type StoredToilReport = ToilReportRow & { description: string | null };

/**
 * A validated event with normalised refs; deployments have production
 * decided, toil reports filed from the Toil tab carry who filed them.
 */
export type NormalizedEvent =
  | (DeploymentEvent & { production: boolean })
  | (ToilReportEvent & { reportedBy?: string })
  | Exclude<DevopsInsightsEvent, DeploymentEvent | ToilReportEvent>;

export type UpsertOptions = {
  /**
   * Runs first inside the write transaction; when it throws, nothing is
   * stored and the error propagates. For checks over stored rows that must
   * hold against concurrent writers (the toil-report bound).
   */
  beforeWrite?: (tx: Knex.Transaction) => Promise<void>;
};

export type UpsertResult = {
  created: number;
  updated: number;
  unchanged: number;
  /**
   * Entities whose rows changed, before or after, and those whose deployments
   * a changed row pointed or points at: the entities whose version moved.
   */
  changedEntityRefs: string[];
};

/** What DORA reads of a scope (see DoraInput). */
export type DoraRows = {
  deployments: StoredDeployment[];
  incidents: StoredIncident[];
};

/**
 * What toil reads of a scope's CI runs and toil reports for one window: the
 * runs finished in it, the reports of its weeks, and when each entity's runs
 * and reports began (toil has data once any activity began before the
 * window's end). Toil counts a run or report only at its finish or week, so
 * these give the window's figures exactly as the whole history does.
 */
export type ToilActivity = {
  ciRuns: StoredCiRun[];
  toilReports: StoredToilReport[];
  /** Per entity with any CI run or toil report: its earliest start or week. */
  firstActivityAt: Map<string, number>;
};

export type ActivityRows = {
  pages: StoredPage[];
  shifts: StoredShift[];
  ciRuns: StoredCiRun[];
  toilReports: StoredToilReport[];
};

export interface EventStore {
  /** Inserts or replaces events by (type, source, id), in one transaction. */
  upsert(
    events: NormalizedEvent[],
    options?: UpsertOptions,
  ): Promise<UpsertResult>;
  /**
   * In one transaction: deletes the stored shifts of the scope (source, id
   * starting with the prefix, overlapping [from, to) in epoch ms) that are
   * not among `shifts`, and upserts `shifts` (all within the scope). Versions
   * of the entities of deleted rows move too.
   */
  replaceShifts(
    scope: ShiftScope,
    shifts: NormalizedEvent[],
  ): Promise<UpsertResult & { deleted: number }>;
  /**
   * Deployments and incidents of the entities, plus those of other entities
   * pointing into them (incidents caused by, or deployments remediating, their
   * deployments).
   */
  loadDora(entityRefs: string[]): Promise<DoraRows>;
  /**
   * Incidents of the entities (only their own, unlike loadDora) created or
   * resolved in the window.
   */
  loadIncidents(
    entityRefs: string[],
    window: TimeWindow,
  ): Promise<StoredIncident[]>;
  /** Pages of the entities notified in the window. */
  loadPages(entityRefs: string[], window: TimeWindow): Promise<StoredPage[]>;
  /**
   * Shifts of the entities overlapping the window or [now, until), ordered
   * by entity, start and identity.
   */
  loadShifts(
    entityRefs: string[],
    around: { window: TimeWindow; now: number; until: number },
  ): Promise<StoredShift[]>;
  /** {@link ToilActivity} of the entities for the window. */
  loadToilActivity(
    entityRefs: string[],
    window: TimeWindow,
  ): Promise<ToilActivity>;
  /**
   * Pages, shifts, CI runs and toil reports of the entities (only the tables
   * named; the others empty), their whole history.
   */
  loadActivity(
    entityRefs: string[],
    tables?: ReadonlyArray<keyof ActivityRows>,
  ): Promise<ActivityRows>;
  /**
   * The version of each entity that has any row (absent: none yet); it moves
   * whenever what loadDora or loadActivity returns for the entity changes.
   */
  versions(entityRefs: string[]): Promise<Map<string, number>>;
  /** Every entity that has any row. */
  entityRefs(): Promise<string[]>;
}
