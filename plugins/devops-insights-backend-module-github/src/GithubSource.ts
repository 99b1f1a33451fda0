import { DefaultGithubCredentialsProvider } from '@backstage/integration';
import {
  createScmSource,
  DevopsInsightsSource,
  realClock,
  ScmSourceDeps,
} from '@devops-insights/backstage-plugin-node';
import { GithubClient } from './GithubClient';
import { GithubPoller } from './GithubPoller';
import { GithubWebhookHandler } from './GithubWebhookHandler';
import { GITHUB_SOURCE_ID } from './mapping';
import { RepoApi } from './RepoApi';
import { GithubSettings } from './settings';
import { TargetResolver } from './targets';
import { RepoTarget } from './types';

export type GithubSourceOptions = ScmSourceDeps<GithubSettings>;

/**
 * The `github` source: polls every opted-in repository on the schedule and,
 * when a webhook secret is configured, receives GitHub's webhooks.
 */
export function createGithubSource(
  options: GithubSourceOptions,
): DevopsInsightsSource {
  const { settings, logger } = options;
  const clock = options.clock ?? realClock;
  const targets = new TargetResolver({ ...options, ...settings });
  const poller = new GithubPoller({ clock, backfillMs: settings.backfillMs });
  return createScmSource<RepoTarget, GithubClient, RepoApi>({
    id: GITHUB_SOURCE_ID,
    name: 'GitHub',
    ...options,
    clock,
    targets,
    client: {
      create: clientOptions => new GithubClient(clientOptions),
      integrations: settings.integrations.github,
      defaultApiBaseUrl: 'https://api.github.com',
      credentials: DefaultGithubCredentialsProvider.fromIntegrations(
        settings.integrations,
      ),
      credentialsUrl: t => `https://${t.host}/${t.owner}/${t.repo}`,
    },
    createApi: (target, client) =>
      new RepoApi(target, client, logger, settings.productionEnvironments),
    syncTarget: (api, ctx) => poller.syncRepo(api, ctx),
    webhook: ({ secrets, apiFor }) =>
      new GithubWebhookHandler({
        secrets,
        targetFor: fullName => targets.forRepository(fullName),
        apiFor,
      }),
  });
}
