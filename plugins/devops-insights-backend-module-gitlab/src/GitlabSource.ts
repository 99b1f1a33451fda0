import { DefaultGitlabCredentialsProvider } from '@backstage/integration';
import {
  createScmSource,
  DevopsInsightsSource,
  realClock,
  ScmSourceDeps,
} from '@devops-insights/backstage-plugin-node';
import { GitlabClient } from './GitlabClient';
import { GitlabPoller } from './GitlabPoller';
import { GitlabWebhookHandler } from './GitlabWebhookHandler';
import { GITLAB_SOURCE_ID } from './mapping';
import { ProjectApi } from './ProjectApi';
import { GitlabSettings } from './settings';
import { TargetResolver } from './targets';
import { ProjectTarget } from './types';

export type GitlabSourceOptions = ScmSourceDeps<GitlabSettings>;

/**
 * The `gitlab` source: polls every opted-in project on the schedule and,
 * when a webhook token is configured, receives GitLab's webhooks.
 */
export function createGitlabSource(
  options: GitlabSourceOptions,
): DevopsInsightsSource {
  const { settings, logger } = options;
  const clock = options.clock ?? realClock;
  const targets = new TargetResolver({ ...options, ...settings });
  const poller = new GitlabPoller({ clock, backfillMs: settings.backfillMs });
  return createScmSource<ProjectTarget, GitlabClient, ProjectApi>({
    id: GITLAB_SOURCE_ID,
    name: 'GitLab',
    ...options,
    clock,
    targets,
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
        targetFor: project => targets.forProject(project),
        apiFor,
      }),
  });
}
