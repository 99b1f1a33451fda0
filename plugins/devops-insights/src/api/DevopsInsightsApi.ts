import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DeploymentListItem,
  DoraResponse,
  IncidentListItem,
  Page,
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

/** @public */
export type DevopsInsightsPageQuery = DevopsInsightsQuery & {
  limit?: number;
  offset?: number;
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
  listDeployments(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<DeploymentListItem>>;
  listIncidents(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<IncidentListItem>>;
}

/** @public */
export const devopsInsightsApiRef = createApiRef<DevopsInsightsApi>({
  id: 'plugin.devops-insights.service',
});
