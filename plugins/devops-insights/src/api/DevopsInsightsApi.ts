import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BreakdownResponse,
  BreakdownTab,
  CoverageResponse,
  DeploymentListItem,
  DoraResponse,
  IncidentListItem,
  OnCallResponse,
  Page,
  RollupResponse,
  SourcesResponse,
  TeamsCoverageResponse,
  ToilReportListItem,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';

/**
 * A half-open time window `[from, to)` for one entity (or the entities it
 * pools), as ISO date-times.
 * @public
 */
export type DevopsInsightsQuery = {
  entityRef: string;
  from: string;
  to: string;
};

/**
 * The leadership rollup over `[from, to)`: every team, or the descendants of
 * `groupRef` (a group ref such as `group:default/engineering`) when given.
 * @public
 */
export type DevopsInsightsRollupQuery = {
  groupRef?: string;
  from: string;
  to: string;
};

/**
 * One page of a list. `sort` names a field of the list's items (the server
 * answers 400 for others), `order` defaults to ascending; without `sort` the
 * list is newest first. `search` keeps items whose ids, refs or titles
 * contain it.
 * @public
 */
export type DevopsInsightsPageQuery = DevopsInsightsQuery & {
  limit?: number;
  offset?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  search?: string;
};

/**
 * The deployment list, optionally narrowed to the change failures (the
 * deployments behind the change failure rate).
 * @public
 */
export type DevopsInsightsDeploymentQuery = DevopsInsightsPageQuery & {
  failed?: true;
};

/**
 * The incident list, optionally narrowed to one urgency or state. An
 * incident's state is its latest: resolved, else acknowledged, else open.
 * @public
 */
export type DevopsInsightsIncidentQuery = DevopsInsightsPageQuery & {
  urgency?: 'high' | 'low';
  status?: 'open' | 'acknowledged' | 'resolved';
};

/**
 * Self-reported toil of one entity and ISO week (`2026-W06`).
 * @public
 */
export type DevopsInsightsToilReport = {
  entityRef: string;
  week: string;
  hours: number;
  category: string;
  description?: string;
};

/** What the backend answers to a stored toil report. @public */
export type DevopsInsightsToilReportResult = { created: number };

/** A Group/System/Domain tab's figures per pooled entity. @public */
export type DevopsInsightsBreakdownQuery = DevopsInsightsQuery & {
  tab: BreakdownTab;
};

/** @public */
export type DevopsInsightsRequestOptions = {
  signal?: AbortSignal;
};

/**
 * The DevOps Insights metrics API, as used by the entity tabs.
 * @public
 */
export interface DevopsInsightsApi {
  getDora(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<DoraResponse>;
  getToil(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<ToilResponse>;
  getOnCall(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<OnCallResponse>;
  listDeployments(
    query: DevopsInsightsDeploymentQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<DeploymentListItem>>;
  listIncidents(
    query: DevopsInsightsIncidentQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<IncidentListItem>>;
  /**
   * Stores a toil report as the signed-in user. Rejects with a ResponseError
   * whose body carries the per-field `errors` on bad input (400).
   */
  createToilReport(
    report: DevopsInsightsToilReport,
    options?: DevopsInsightsRequestOptions,
  ): Promise<DevopsInsightsToilReportResult>;
  /**
   * Toil reports of the entity (or the entities it pools) whose ISO week
   * starts in the window, newest week first, each saying whether the
   * signed-in user may delete it.
   */
  listToilReports(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<ToilReportListItem>>;
  /**
   * Deletes a toil report filed from the Toil tab; its reporter and members
   * of the owning team may. Rejects with a 403 or 404 ResponseError.
   */
  deleteToilReport(
    id: string,
    options?: DevopsInsightsRequestOptions,
  ): Promise<void>;
  /**
   * One row per team with the previous window and weekly series, in one
   * request so the leadership page never fans out per team. Rejects with a
   * 404 ResponseError for an unknown groupRef.
   */
  getRollup(
    query: DevopsInsightsRollupQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<RollupResponse>;
  /**
   * One row per entity a Group, System or Domain pools, with the tab's
   * figures and each entity's coverage, in one request for the whole scope.
   */
  getBreakdown(
    query: DevopsInsightsBreakdownQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<BreakdownResponse>;
  /** Which sources feed the entity (or each entity it pools) and what is missing. */
  getCoverage(
    query: { entityRef: string },
    options?: DevopsInsightsRequestOptions,
  ): Promise<CoverageResponse>;
  /** The coverage of each team the rollup lists (same `groupRef` meaning). */
  getTeamsCoverage(
    query: { groupRef?: string },
    options?: DevopsInsightsRequestOptions,
  ): Promise<TeamsCoverageResponse>;
  /** Sync health of the configured sources; empty when none are configured. */
  getSources(options?: DevopsInsightsRequestOptions): Promise<SourcesResponse>;
}

/** @public */
export const devopsInsightsApiRef = createApiRef<DevopsInsightsApi>({
  id: 'plugin.devops-insights.service',
});
