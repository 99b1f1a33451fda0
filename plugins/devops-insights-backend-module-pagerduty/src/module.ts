import {
  createSourceModule,
  DevopsInsightsSource,
} from '@devops-insights/backstage-plugin-node';
import {
  CatalogIndex,
  entitiesOfService,
  loadCatalogIndex,
  warnDeprecatedAnnotations,
} from './catalogIndex';
import { PagerDutySettings, readPagerDutySettings } from './config';
import { PAGERDUTY_SOURCE_ID } from './mapping';
import { PagerDutyClient, PagerDutyClientOptions } from './PagerDutyClient';
import { PagerDutyPoller } from './PagerDutyPoller';
import { PagerDutyWebhookHandler } from './webhook';

/** How long the webhook reuses the catalog index before reading it again. */
const INDEX_TTL_MS = 60 * 1000;

export type CreatePagerDutySourceOptions = {
  settings: PagerDutySettings;
  loadIndex: () => Promise<CatalogIndex>;
  /** Test seams for every client: fetch, sleep, clock, jitter, token URL. */
  client?: Omit<PagerDutyClientOptions, 'account'>;
  now?: () => number;
};

/**
 * The `pagerduty` source: a scheduled poller over all accounts and, when
 * signing secrets are configured, the v3 webhook receiver.
 * @public
 */
export function createPagerDutySource(
  options: CreatePagerDutySourceOptions,
): DevopsInsightsSource {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const clients = settings.accounts.map(
    account => new PagerDutyClient({ ...options.client, account }),
  );
  const integrationServices = new Map<string, Map<string, string>>();
  const poller = new PagerDutyPoller({
    clients,
    loadIndex: options.loadIndex,
    backfillDays: settings.backfillDays,
    oncallLookaheadDays: settings.oncallLookaheadDays,
    integrationServices,
    now,
  });

  let cached: { index: CatalogIndex; at: number } | undefined;
  const entityOfService = async (serviceId: string) => {
    const find = (index: CatalogIndex) =>
      settings.accounts
        .flatMap(a =>
          entitiesOfService(
            index,
            a.id,
            serviceId,
            integrationServices.get(a.id),
          ),
        )
        .sort()[0];
    if (cached && now() - cached.at < INDEX_TTL_MS) {
      const hit = find(cached.index);
      if (hit) return hit;
    }
    // A miss may be a just-annotated entity: read the catalog again.
    cached = { index: await options.loadIndex(), at: now() };
    return find(cached.index);
  };

  return {
    id: PAGERDUTY_SOURCE_ID,
    schedule: settings.schedule,
    sync: ctx => poller.sync(ctx),
    ...(settings.webhookSecrets.length
      ? {
          webhook: new PagerDutyWebhookHandler({
            secrets: settings.webhookSecrets,
            entityOfService,
          }),
        }
      : {}),
  };
}

/**
 * Adds the `pagerduty` source when `pagerDuty.apiToken`, `pagerDuty.oauth` or
 * `pagerDuty.accounts` is configured; otherwise registers nothing.
 * @public
 */
export const devopsInsightsModulePagerDuty = createSourceModule({
  moduleId: 'pagerduty',
  readSettings: readPagerDutySettings,
  createSource: ({ settings, catalog, auth, logger }) => {
    const warned = new Set<string>();
    return createPagerDutySource({
      settings,
      loadIndex: async () => {
        const index = await loadCatalogIndex(
          catalog,
          auth,
          settings.defaultAccountId,
        );
        warnDeprecatedAnnotations(index, logger, warned);
        return index;
      },
    });
  },
  notEnabledMessage:
    'PagerDuty source not configured (no pagerDuty.apiToken, pagerDuty.oauth or pagerDuty.accounts); skipping',
  enabledMessage: settings =>
    `PagerDuty source enabled for account(s) ${settings.accounts
      .map(a => a.id)
      .join(', ')}; webhooks ${
      settings.webhookSecrets.length
        ? 'enabled'
        : 'disabled (no devopsInsights.pagerDuty.webhookSecrets)'
    }`,
});
