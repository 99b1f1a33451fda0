import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DeploymentListItem,
  DoraResponse,
  IncidentListItem,
  Page,
} from '@devops-insights/backstage-plugin-common';
import type {
  DevopsInsightsApi,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
} from './DevopsInsightsApi';

/**
 * Talks to the `devops-insights` backend through discovery, with the
 * signed-in user's credentials (fetchApi adds them).
 * @public
 */
export class DevopsInsightsClient implements DevopsInsightsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

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

  listDeployments(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<DeploymentListItem>> {
    return this.get('/v1/deployments', query, options);
  }

  listIncidents(
    query: DevopsInsightsPageQuery,
    options?: DevopsInsightsRequestOptions,
  ): Promise<Page<IncidentListItem>> {
    return this.get('/v1/incidents', query, options);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    options?: DevopsInsightsRequestOptions,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('devops-insights');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}?${params}`, {
      signal: options?.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
