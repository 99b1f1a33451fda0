import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  BreakdownResponse,
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
import type {
  DevopsInsightsApi,
  DevopsInsightsBreakdownQuery,
  DevopsInsightsDeploymentQuery,
  DevopsInsightsIncidentQuery,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
  DevopsInsightsRollupQuery,
  DevopsInsightsToilReport,
  DevopsInsightsToilReportResult,
} from './DevopsInsightsApi';
import { ResponseCache } from './ResponseCache';

/**
 * Talks to the `devops-insights` backend through discovery, with the
 * signed-in user's credentials (fetchApi adds them).
 * @public
 */
export class DevopsInsightsClient implements DevopsInsightsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  // Enough for every tab's figures and a few table pages of a few windows;
  // a minute, so a tab opened later still shows fresh data.
  private readonly cache = new ResponseCache({ maxEntries: 64, ttlMs: 60_000 });

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getDora(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<DoraResponse> {
    return this.get('/v1/dora', query, options);
  }

  getToil(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<ToilResponse> {
    return this.get('/v1/toil', query, options);
  }

  getOnCall(
    query: DevopsInsightsQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<OnCallResponse> {
    return this.get('/v1/oncall', query, options);
  }

  listDeployments(
    query: DevopsInsightsDeploymentQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<DeploymentListItem>> {
    return this.get('/v1/deployments', query, options);
  }

  listIncidents(
    query: DevopsInsightsIncidentQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<IncidentListItem>> {
    return this.get('/v1/incidents', query, options);
  }

  createToilReport(
    report: DevopsInsightsToilReport,
    options?: DevopsInsightsRequestOptions,
  ): Promise<DevopsInsightsToilReportResult> {
    // The report changes the toil figures (and possibly more): ask again.
    this.cache.clear();
    return this.request('/v1/toil-reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(report),
      signal: options?.signal,
    });
  }

  listToilReports(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<ToilReportListItem>> {
    return this.get('/v1/toil-reports', query, options);
  }

  async deleteToilReport(
    id: string,
    options?: DevopsInsightsRequestOptions,
  ): Promise<void> {
    const response = await this.send(
      `/v1/toil-reports/${encodeURIComponent(id)}`,
      { method: 'DELETE', signal: options?.signal },
    );
    // 204: nothing to read.
    await response.body?.cancel();
  }

  getRollup(
    query: DevopsInsightsRollupQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<RollupResponse> {
    return this.get('/v1/rollup', query, options);
  }

  getBreakdown(
    query: DevopsInsightsBreakdownQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<BreakdownResponse> {
    return this.get('/v1/breakdown', query, options);
  }

  getCoverage(
    query: { entityRef: string },
    options?: DevopsInsightsRequestOptions,
  ): Promise<CoverageResponse> {
    return this.get('/v1/coverage', query, options);
  }

  getTeamsCoverage(
    query: { groupRef?: string },
    options?: DevopsInsightsRequestOptions,
  ): Promise<TeamsCoverageResponse> {
    return this.get('/v1/coverage/teams', query, options);
  }

  getSources(options?: DevopsInsightsRequestOptions): Promise<SourcesResponse> {
    return this.get('/v1/sources', {}, options);
  }

  private get<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    options?: DevopsInsightsRequestOptions,
  ): Promise<T> {
    const params = new URLSearchParams();
    // Sorted, so that the same question is the same cache key.
    for (const [key, value] of Object.entries(query).sort()) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    const url = search ? `${path}?${search}` : path;
    // An abortable request is its caller's own; shared ones are not aborted.
    if (options?.signal) return this.request(url, { signal: options.signal });
    return this.cache.get(url, () => this.request<T>(url, {}));
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.send(path, init);
    return (await response.json()) as T;
  }

  /** The response of a request that succeeded; a ResponseError otherwise. */
  private async send(path: string, init: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('devops-insights');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
