import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGitlabCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Clock,
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
  realClock,
  syncTargets,
} from '@devops-insights/backstage-plugin-node';
import { GitlabClient } from './GitlabClient';
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
    await syncTargets(ctx, {
      targets: await resolver.list(),
      noTargetsMessage:
        'No catalog entity has a gitlab.com/project-slug or gitlab.com/project-id annotation',
      name: 'GitLab',
      keyOf: targetKey,
      sync: target => poller.syncProject(apiFor(target), ctx),
      rateLimitOf: target => apiFor(target).client.rateLimitState,
    });
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
