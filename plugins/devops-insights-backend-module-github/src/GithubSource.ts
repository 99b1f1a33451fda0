import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Clock,
  createScmSource,
  DevopsInsightsSource,
  realClock,
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
  const resolver = new TargetResolver({ ...options, ...settings });
  const poller = new GithubPoller({ clock, backfillMs: settings.backfillMs });
  return createScmSource<RepoTarget, GithubClient, RepoApi>({
    id: GITHUB_SOURCE_ID,
    name: 'GitHub',
    settings,
    logger,
    clock,
    targets: {
      list: () => resolver.list(),
      keyOf: targetKey,
      noTargetsMessage:
        'No catalog entity has a github.com/project-slug annotation',
    },
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
        targetFor: fullName => resolver.forRepository(fullName),
        apiFor,
      }),
  });
}
