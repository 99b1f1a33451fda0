import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGitlabCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Clock,
  createScmSource,
  DevopsInsightsSource,
  realClock,
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
  const resolver = new TargetResolver({ ...options, ...settings });
  const poller = new GitlabPoller({ clock, backfillMs: settings.backfillMs });
  return createScmSource<ProjectTarget, GitlabClient, ProjectApi>({
    id: GITLAB_SOURCE_ID,
    name: 'GitLab',
    settings,
    logger,
    clock,
    targets: {
      list: () => resolver.list(),
      keyOf: targetKey,
      noTargetsMessage:
        'No catalog entity has a gitlab.com/project-slug or gitlab.com/project-id annotation',
    },
    client: {
      create: clientOptions => new GitlabClient(clientOptions),
      integrations: settings.integrations.gitlab,
      defaultApiBaseUrl: 'https://gitlab.com/api/v4',
      credentials: DefaultGitlabCredentialsProvider.fromIntegrations(
        settings.integrations,
      ),
      credentialsUrl: t => `https://${t.host}/`,
    },
    // Each API keeps its project's id across syncs.
    createApi: (target, client) =>
      new ProjectApi(target, client, logger, settings.productionEnvironments),
    syncTarget: (api, ctx) => poller.syncProject(api, ctx),
    webhook: ({ secrets, apiFor }) =>
      new GitlabWebhookHandler({
        tokens: secrets,
        defaultHost: settings.defaultHost,
        targetFor: project => resolver.forProject(project),
        apiFor,
      }),
  });
}
