import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '@devops-insights/backstage-plugin-node';
import { DEFAULT_SCHEDULE, readPagerDutySettings } from './config';
import { devopsInsightsModulePagerDuty } from './module';

async function startWith(config: Record<string, unknown>) {
  const addSource = jest.fn<void, [DevopsInsightsSource]>();
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    extensionPoints: [[devopsInsightsSourcesExtensionPoint, { addSource }]],
    features: [
      devopsInsightsModulePagerDuty,
      logger.factory,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data: config as any }),
    ],
  });
  return { addSource, logger, backend };
}

describe('devopsInsightsModulePagerDuty', () => {
  it.each([
    ['no config', {}],
    [
      'an empty pagerDuty section',
      { pagerDuty: { apiBaseUrl: 'https://api.pagerduty.com' } },
    ],
    [
      'only our own settings',
      { devopsInsights: { pagerDuty: { backfillDays: 30 } } },
    ],
  ])('registers nothing and logs one info line with %s', async (_n, config) => {
    const { addSource, logger, backend } = await startWith(config);
    expect(addSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('not configured'),
    );
    await backend.stop();
  });

  it('adds the pagerduty source on the default schedule, without webhook when no secret', async () => {
    const { addSource, backend } = await startWith({
      pagerDuty: { apiToken: 't' },
    });
    expect(addSource).toHaveBeenCalledTimes(1);
    const [source] = addSource.mock.calls[0];
    expect(source.id).toBe('pagerduty');
    expect(source.schedule).toEqual(DEFAULT_SCHEDULE);
    expect(source.webhook).toBeUndefined();
    await backend.stop();
  });

  it('offers the webhook when secrets are configured', async () => {
    const { addSource, backend } = await startWith({
      pagerDuty: { apiToken: 't' },
      devopsInsights: { pagerDuty: { webhookSecrets: ['s1', 's2'] } },
    });
    expect(addSource.mock.calls[0][0].webhook).toBeDefined();
    await backend.stop();
  });

  it('fails start-up on an invalid oauth region', async () => {
    await expect(
      startWith({
        pagerDuty: {
          oauth: {
            clientId: 'c',
            clientSecret: 's',
            subDomain: 'acme',
            region: 'mars',
          },
        },
      }),
    ).rejects.toThrow(/region/);
  });
});

describe('readPagerDutySettings', () => {
  const read = (data: object) => readPagerDutySettings(new ConfigReader(data));

  it('reads the single-account keys of PagerDuty’s plugin', () => {
    expect(
      read({ pagerDuty: { apiToken: 't', apiBaseUrl: 'https://pd.example/' } }),
    ).toEqual({
      accounts: [
        {
          id: 'default',
          isDefault: true,
          apiBaseUrl: 'https://pd.example',
          auth: { type: 'token', token: 't' },
        },
      ],
      defaultAccountId: 'default',
      schedule: DEFAULT_SCHEDULE,
      backfillDays: 180,
      oncallLookaheadDays: 14,
      webhookSecrets: [],
    });
  });

  it('reads oauth with the EU API by default for region EU', () => {
    const settings = read({
      pagerDuty: {
        oauth: {
          clientId: 'c',
          clientSecret: 's',
          subDomain: 'acme',
          region: 'EU',
        },
      },
    });
    expect(settings?.accounts[0]).toMatchObject({
      apiBaseUrl: 'https://api.eu.pagerduty.com',
      auth: { type: 'oauth', region: 'eu', subDomain: 'acme' },
    });
  });

  it('reads multiple accounts and picks the default', () => {
    const settings = read({
      pagerDuty: {
        accounts: [
          { id: 'us', apiToken: 'a' },
          {
            id: 'eu',
            isDefault: true,
            apiToken: 'b',
            apiBaseUrl: 'https://api.eu.pagerduty.com',
          },
        ],
      },
      devopsInsights: {
        pagerDuty: {
          backfillDays: 30,
          webhookSecrets: ['new', 'old'],
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
        },
      },
    });
    expect(settings?.accounts.map(a => [a.id, a.apiBaseUrl])).toEqual([
      ['us', 'https://api.pagerduty.com'],
      ['eu', 'https://api.eu.pagerduty.com'],
    ]);
    expect(settings?.defaultAccountId).toBe('eu');
    expect(settings?.backfillDays).toBe(30);
    expect(settings?.webhookSecrets).toEqual(['new', 'old']);
    expect(settings?.schedule.frequency).toEqual({ minutes: 5 });
  });

  it('rejects duplicate account ids and accounts without credentials', () => {
    expect(() =>
      read({
        pagerDuty: {
          accounts: [
            { id: 'a', apiToken: 'x' },
            { id: 'a', apiToken: 'y' },
          ],
        },
      }),
    ).toThrow(/duplicate/);
    expect(() => read({ pagerDuty: { accounts: [{ id: 'a' }] } })).toThrow(
      /apiToken or oauth/,
    );
  });
});
