import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/**
 * How one account authenticates.
 *
 * @public
 */
export type PagerDutyAuth =
  | { type: 'token'; token: string }
  | {
      type: 'oauth';
      clientId: string;
      clientSecret: string;
      subDomain: string;
      region: 'us' | 'eu';
    };

/**
 * One PagerDuty account to sync.
 *
 * @public
 */
export type PagerDutyAccount = {
  /** `default` for the single-account form of the config. */
  id: string;
  isDefault: boolean;
  apiBaseUrl: string;
  auth: PagerDutyAuth;
};

/** @public */
export type PagerDutySettings = {
  accounts: PagerDutyAccount[];
  /** The account of entities without `pagerduty.com/account`. */
  defaultAccountId: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillDays: number;
  oncallLookaheadDays: number;
  webhookSecrets: string[];
};

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 30 },
  scope: 'global',
};

function readAuth(config: Config, where: string): PagerDutyAuth {
  const token = config.getOptionalString('apiToken');
  if (token) return { type: 'token', token };
  const oauth = config.getOptionalConfig('oauth');
  if (oauth) {
    const region = (oauth.getOptionalString('region') ?? 'us').toLowerCase();
    if (region !== 'us' && region !== 'eu') {
      throw new Error(
        `${where}.oauth.region must be 'us' or 'eu', got '${region}'`,
      );
    }
    return {
      type: 'oauth',
      clientId: oauth.getString('clientId'),
      clientSecret: oauth.getString('clientSecret'),
      subDomain: oauth.getString('subDomain'),
      region,
    };
  }
  throw new Error(`${where} needs apiToken or oauth`);
}

function defaultBaseUrl(auth: PagerDutyAuth) {
  return auth.type === 'oauth' && auth.region === 'eu'
    ? 'https://api.eu.pagerduty.com'
    : 'https://api.pagerduty.com';
}

function readAccount(
  config: Config,
  id: string,
  isDefault: boolean,
  where: string,
) {
  const auth = readAuth(config, where);
  const apiBaseUrl = (
    config.getOptionalString('apiBaseUrl') ?? defaultBaseUrl(auth)
  ).replace(/\/+$/, '');
  return { id, isDefault, apiBaseUrl, auth };
}

/**
 * Reads the PagerDuty settings, or undefined when no PagerDuty account is
 * configured (then the module stays out of the way, e.g. in the demo).
 *
 * @public
 */
export function readPagerDutySettings(
  root: Config,
): PagerDutySettings | undefined {
  const pd = root.getOptionalConfig('pagerDuty');
  if (!pd) return undefined;
  let accounts: PagerDutyAccount[];
  const accountConfigs = pd.getOptionalConfigArray('accounts');
  if (accountConfigs?.length) {
    accounts = accountConfigs.map((account, i) =>
      readAccount(
        account,
        account.getString('id'),
        account.getOptionalBoolean('isDefault') ?? false,
        `pagerDuty.accounts[${i}]`,
      ),
    );
    const ids = new Set(accounts.map(a => a.id));
    if (ids.size !== accounts.length) {
      throw new Error('pagerDuty.accounts has duplicate ids');
    }
  } else if (pd.has('apiToken') || pd.has('oauth')) {
    accounts = [readAccount(pd, 'default', true, 'pagerDuty')];
  } else {
    return undefined;
  }
  // PagerDuty's plugin falls back to the first account without an explicit default.
  const defaultAccount = accounts.find(a => a.isDefault) ?? accounts[0];

  const own = root.getOptionalConfig('devopsInsights.pagerDuty');
  const scheduleConfig = own?.getOptionalConfig('schedule');
  const backfillDays = own?.getOptionalNumber('backfillDays') ?? 180;
  const oncallLookaheadDays =
    own?.getOptionalNumber('oncallLookaheadDays') ?? 14;
  for (const [key, value] of [
    ['backfillDays', backfillDays],
    ['oncallLookaheadDays', oncallLookaheadDays],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 3650) {
      throw new Error(
        `devopsInsights.pagerDuty.${key} must be an integer 1..3650`,
      );
    }
  }
  return {
    accounts,
    defaultAccountId: defaultAccount.id,
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    backfillDays,
    oncallLookaheadDays,
    webhookSecrets: (
      own?.getOptionalStringArray('webhookSecrets') ?? []
    ).filter(s => s.length > 0),
  };
}
