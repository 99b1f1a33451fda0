import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Clock,
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
  realClock,
  syncTargets,
} from '@devops-insights/backstage-plugin-node';
import { GithubClient } from './GithubClient';
import { GithubPoller } from './GithubPoller';
import { GithubWebhookHandler } from './GithubWebhookHandler';
import { GITHUB_SOURCE_ID } from './mapping';
import { RepoApi } from './RepoApi';
import { GithubSettings } from './settings';
import { targetKey, TargetResolver } from './targets';
import { RepoTarget } from './types';

export type GithubSourceOptions = {
  settings: GithubSettings;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  clock?: Clock;
};

/**
 * The `github` source: polls every opted-in repository on the schedule and,
 * when a webhook secret is configured, receives GitHub's webhooks.
 */
export function createGithubSource(
  options: GithubSourceOptions,
): DevopsInsightsSource {
  const { settings, logger } = options;
  const clock = options.clock ?? realClock;
  const credentials = DefaultGithubCredentialsProvider.fromIntegrations(
    settings.integrations,
  );
  const resolver = new TargetResolver({ ...options, ...settings });
  const poller = new GithubPoller({ clock, backfillMs: settings.backfillMs });
  // Kept across syncs: each holds the ETags that make unchanged pages free.
  const apis = new Map<string, RepoApi>();

  const apiFor = (target: RepoTarget) => {
    const key = `${targetKey(target)}>${target.entityRef}`;
    let api = apis.get(key);
    if (!api) {
      const integration = settings.integrations.github.byHost(target.host);
      const client = new GithubClient({
        apiBaseUrl: integration?.config.apiBaseUrl ?? 'https://api.github.com',
        clock,
        logger,
        headers: async () =>
          (
            await credentials.getCredentials({
              url: `https://${target.host}/${target.owner}/${target.repo}`,
            })
          ).headers ?? {},
      });
      api = new RepoApi(
        target,
        client,
        logger,
        settings.productionEnvironments,
      );
      apis.set(key, api);
    }
    return api;
  };

  async function sync(ctx: DevopsInsightsSyncContext) {
    await syncTargets(ctx, {
      targets: await resolver.list(),
      noTargetsMessage:
        'No catalog entity has a github.com/project-slug annotation',
      name: 'GitHub',
      keyOf: targetKey,
      sync: target => poller.syncRepo(apiFor(target), ctx),
      rateLimitOf: target => apiFor(target).client.rateLimitState,
    });
  }

  return {
    id: GITHUB_SOURCE_ID,
    schedule: settings.schedule,
    sync,
    ...(settings.webhookSecrets.length
      ? {
          webhook: new GithubWebhookHandler({
            secrets: settings.webhookSecrets,
            targetFor: fullName => resolver.forRepository(fullName),
            apiFor,
          }),
        }
      : {}),
  };
}
