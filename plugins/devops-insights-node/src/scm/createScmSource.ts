import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Clock,
  RateLimitedClient,
  RateLimitedClientOptions,
  realClock,
} from '../http';
import {
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
  DevopsInsightsWebhookHandler,
} from '../sources';
import { syncTargets } from '../sync';
import { ScmTarget } from './scmTarget';

/**
 * The credentials of one integration kind, as `@backstage/integration`'s
 * providers (`DefaultGithubCredentialsProvider`, …) give them.
 * @public
 */
export type ScmCredentialsProvider = {
  getCredentials(options: {
    url: string;
  }): Promise<{ headers?: Record<string, string> }>;
};

/**
 * What an SCM source's factory is given by its module (and by tests, with
 * a clock of their own).
 * @public
 */
export type ScmSourceDeps<S> = {
  settings: S;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  clock?: Clock;
};

/**
 * A source's targets, e.g. an `AnnotatedTargetResolver`.
 * @public
 */
export type ScmTargets<T> = {
  /** Every opted-in target, read again on each sync. */
  list(): Promise<T[]>;
  /** The target's key in cursors and the sync status. */
  keyOf(target: T): string;
  /** The opt-in annotations, named in the log line when no entity has one. */
  annotations: string[];
};

/**
 * What {@link createScmSource} needs of one SCM host kind (GitHub, GitLab).
 * `A` is the module's API around one target (the calls it makes there); it
 * holds the target's client.
 * @public
 */
export type ScmSourceOptions<
  T extends ScmTarget,
  C extends RateLimitedClient,
  A extends { client: C },
> = {
  /** The source id, also the `source` of its events, e.g. `github`. */
  id: string;
  /** The provider's name in log lines, e.g. `GitHub`. */
  name: string;
  settings: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    /** None: no webhook is offered. */
    webhookSecrets: string[];
  };
  logger: LoggerService;
  clock?: Clock;
  targets: ScmTargets<T>;
  client: {
    /** The client with the provider's rules, e.g. `o => new GithubClient(o)`. */
    create(options: RateLimitedClientOptions): C;
    /** The integrations of this kind, for the API URL of a target's host. */
    integrations: {
      byHost(host: string): { config: { apiBaseUrl?: string } } | undefined;
    };
    /** The API URL of a host configured without one, e.g. `https://api.github.com`. */
    defaultApiBaseUrl: string;
    credentials: ScmCredentialsProvider;
    /** The URL the credentials are asked for, e.g. the repository's. */
    credentialsUrl(target: T): string;
  };
  createApi(target: T, client: C): A;
  /** Syncs one target; returns the number of events ingested. */
  syncTarget(api: A, ctx: DevopsInsightsSyncContext): Promise<number>;
  /** The webhook receiver; asked only when there are webhook secrets. */
  webhook(deps: {
    secrets: string[];
    apiFor(target: T): A;
  }): DevopsInsightsWebhookHandler;
};

/**
 * A source over the catalog's opted-in repositories or projects of one SCM
 * integration kind: on its schedule it syncs each target in turn
 * ({@link syncTargets}), through one API per target and entity that is
 * kept across syncs (its client holds the ETags that make unchanged pages
 * free and the latest rate-limit headroom), and it receives webhooks when
 * secrets are configured. The client of a target uses its host's
 * configured API URL and asks the integration's credentials per request.
 * @public
 */
export function createScmSource<
  T extends ScmTarget,
  C extends RateLimitedClient,
  A extends { client: C },
>(options: ScmSourceOptions<T, C, A>): DevopsInsightsSource {
  const { settings, targets, client } = options;
  const clock = options.clock ?? realClock;
  const apis = new Map<string, A>();

  const apiFor = (target: T) => {
    const key = `${targets.keyOf(target)}>${target.entityRef}`;
    let api = apis.get(key);
    if (!api) {
      api = options.createApi(
        target,
        client.create({
          apiBaseUrl:
            client.integrations.byHost(target.host)?.config.apiBaseUrl ??
            client.defaultApiBaseUrl,
          clock,
          logger: options.logger,
          headers: async () =>
            (
              await client.credentials.getCredentials({
                url: client.credentialsUrl(target),
              })
            ).headers ?? {},
        }),
      );
      apis.set(key, api);
    }
    return api;
  };

  return {
    id: options.id,
    schedule: settings.schedule,
    sync: async ctx =>
      syncTargets(ctx, {
        targets: await targets.list(),
        noTargetsMessage: `No catalog entity has a ${targets.annotations.join(
          ' or ',
        )} annotation`,
        name: options.name,
        keyOf: target => targets.keyOf(target),
        sync: target => options.syncTarget(apiFor(target), ctx),
        rateLimitOf: target => apiFor(target).client.rateLimitState,
      }),
    ...(settings.webhookSecrets.length
      ? {
          webhook: options.webhook({
            secrets: settings.webhookSecrets,
            apiFor,
          }),
        }
      : {}),
  };
}
