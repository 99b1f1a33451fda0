import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SOURCE_SCHEDULE,
  readProductionEnvironments,
  readScmSourceSettings,
} from './readSourceSettings';

describe('readScmSourceSettings', () => {
  it.each([
    { source: 'github' as const, publicHost: 'github.com' },
    { source: 'gitlab' as const, publicHost: 'gitlab.com' },
  ])('is undefined without integrations.$source', options => {
    expect(
      readScmSourceSettings(new ConfigReader({}), options),
    ).toBeUndefined();
  });

  it('reads the defaults', () => {
    const settings = readScmSourceSettings(
      new ConfigReader({
        integrations: {
          gitlab: [
            {
              host: 'git.example.com',
              token: 't',
              apiBaseUrl: 'https://git.example.com/api/v4',
            },
            { host: 'gitlab.com', token: 't' },
          ],
        },
      }),
      { source: 'gitlab', publicHost: 'gitlab.com' },
    )!;
    expect(settings).toMatchObject({
      hosts: ['git.example.com', 'gitlab.com'],
      defaultHost: 'gitlab.com',
      schedule: DEFAULT_SOURCE_SCHEDULE,
      backfillMs: 180 * 86400_000,
      productionEnvironments: ['production', 'prod'],
      webhookSecrets: [],
    });
    expect(
      settings.integrations.gitlab.byHost('git.example.com'),
    ).toBeDefined();
  });

  it('reads schedule, backfill and the first host as default', () => {
    const settings = readScmSourceSettings(
      new ConfigReader({
        integrations: { github: [{ host: 'ghe.example.com', token: 't' }] },
        devopsInsights: {
          productionEnvironments: ['Live'],
          github: {
            schedule: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
            backfill: { days: 30 },
            webhookSecret: 's',
          },
        },
      }),
      {
        source: 'github',
        publicHost: 'github.com',
        webhookSecrets: (own, integrations) => [
          own!.getString('webhookSecret'),
          integrations.github.byHost('ghe.example.com')!.config.host,
        ],
      },
    )!;
    expect(settings).toMatchObject({
      hosts: ['ghe.example.com'],
      defaultHost: 'ghe.example.com',
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
      backfillMs: 30 * 86400_000,
      productionEnvironments: ['live'],
    });
    // The source reads its own keys and its integrations for its secrets.
    expect(settings.webhookSecrets).toEqual(['s', 'ghe.example.com']);
  });
});

describe('readProductionEnvironments', () => {
  it.each([
    [{}, ['production', 'prod']],
    [
      { devopsInsights: { productionEnvironments: ['PROD', 'Live'] } },
      ['prod', 'live'],
    ],
  ])('%j → %j', (config, environments) => {
    expect(readProductionEnvironments(new ConfigReader(config))).toEqual(
      environments,
    );
  });
});
