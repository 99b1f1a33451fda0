import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
} from '@devops-insights/backstage-plugin-node';
import { Clock, GithubClient, realClock } from './GithubClient';
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
    const targets = await resolver.list();
    if (!targets.length) {
      ctx.logger.info(
        'No catalog entity has a github.com/project-slug annotation',
      );
      return;
    }
    for (const target of targets) {
      ctx.signal?.throwIfAborted();
      const api = apiFor(target);
      const key = targetKey(target);
      try {
        const rows = await poller.syncRepo(api, ctx);
        await ctx.status.success(key, {
          rowsIngested: rows,
          rateLimit: api.client.rateLimitState,
        });
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        // One failing repository must not starve the others; its cursor
        // stays where the last stored batch left it.
        ctx.logger.warn(`GitHub sync of ${key} failed: ${error}`);
        await ctx.status.failure(key, error as Error, {
          rateLimit: api.client.rateLimitState,
        });
      }
    }
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
