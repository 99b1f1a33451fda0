import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGitlabCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
} from '@devops-insights/backstage-plugin-node';
import { Clock, GitlabClient, realClock } from './GitlabClient';
import { GitlabPoller } from './GitlabPoller';
import { GitlabWebhookHandler } from './GitlabWebhookHandler';
import { GITLAB_SOURCE_ID } from './mapping';
import { ProjectApi } from './ProjectApi';
import { GitlabSettings } from './settings';
import { targetKey, TargetResolver } from './targets';
import { ProjectTarget } from './types';

export type GitlabSourceOptions = {
  settings: GitlabSettings;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  clock?: Clock;
};

/**
 * The `gitlab` source: polls every opted-in project on the schedule and,
 * when a webhook token is configured, receives GitLab's webhooks.
 */
export function createGitlabSource(
  options: GitlabSourceOptions,
): DevopsInsightsSource {
  const { settings, logger } = options;
  const clock = options.clock ?? realClock;
  const credentials = DefaultGitlabCredentialsProvider.fromIntegrations(
    settings.integrations,
  );
  const resolver = new TargetResolver({ ...options, ...settings });
  const poller = new GitlabPoller({ clock, backfillMs: settings.backfillMs });
  // Kept across syncs: each holds its project id and ETags.
  const apis = new Map<string, ProjectApi>();

  const apiFor = (target: ProjectTarget) => {
    const key = `${targetKey(target)}>${target.entityRef}`;
    let api = apis.get(key);
    if (!api) {
      const integration = settings.integrations.gitlab.byHost(target.host);
      const client = new GitlabClient({
        apiBaseUrl:
          integration?.config.apiBaseUrl ?? 'https://gitlab.com/api/v4',
        clock,
        logger,
        headers: async () =>
          (await credentials.getCredentials({ url: `https://${target.host}/` }))
            .headers ?? {},
      });
      api = new ProjectApi(
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
        'No catalog entity has a gitlab.com/project-slug or gitlab.com/project-id annotation',
      );
      return;
    }
    for (const target of targets) {
      ctx.signal?.throwIfAborted();
      const api = apiFor(target);
      const key = targetKey(target);
      try {
        const rows = await poller.syncProject(api, ctx);
        await ctx.status.success(key, {
          rowsIngested: rows,
          rateLimit: api.client.rateLimitState,
        });
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        // One failing project must not starve the others; its cursor stays
        // where the last stored batch left it.
        ctx.logger.warn(`GitLab sync of ${key} failed: ${error}`);
        await ctx.status.failure(key, error as Error, {
          rateLimit: api.client.rateLimitState,
        });
      }
    }
  }

  return {
    id: GITLAB_SOURCE_ID,
    schedule: settings.schedule,
    sync,
    ...(settings.webhookTokens.length
      ? {
          webhook: new GitlabWebhookHandler({
            tokens: settings.webhookTokens,
            defaultHost: settings.defaultHost,
            targetFor: project => resolver.forProject(project),
            apiFor,
          }),
        }
      : {}),
  };
}
