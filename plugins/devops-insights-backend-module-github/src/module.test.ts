import { startSourceModule } from '@devops-insights/backstage-plugin-node/testUtils';
import { devopsInsightsModuleGithub } from './module';

// What every SCM module does (its log lines, schedule and backfill) is
// tested in -node (createScmSourceModule, readScmSourceSettings); here, the
// GitHub wiring and where GitHub's webhook secrets come from.
const github = { host: 'github.com', token: 't' };
const app = {
  appId: 1,
  privateKey: 'k',
  clientId: 'c',
  clientSecret: 's',
  webhookSecret: 'app-secret',
};

describe('devopsInsightsModuleGithub', () => {
  it('adds nothing and says so once without integrations.github', async () => {
    const { addSource, logger, backend } = await startSourceModule(
      devopsInsightsModuleGithub,
      {},
    );
    expect(addSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('GitHub source not enabled'),
    );
    await backend.stop();
  });

  it.each([
    {
      name: 'no secret',
      config: { integrations: { github: [github] } },
      webhook: false,
    },
    {
      name: 'devopsInsights.github.webhookSecret',
      config: {
        integrations: { github: [github] },
        devopsInsights: { github: { webhookSecret: 's3cret' } },
      },
      webhook: true,
    },
    {
      name: "a GitHub App's webhookSecret",
      config: { integrations: { github: [{ ...github, apps: [app] }] } },
      webhook: true,
    },
  ])(
    'adds the github source, with a webhook by $name: $webhook',
    async ({ config, webhook }) => {
      const { addSource, backend } = await startSourceModule(
        devopsInsightsModuleGithub,
        config,
      );
      const [source] = addSource.mock.calls[0];
      expect(source.id).toBe('github');
      expect(source.webhook !== undefined).toBe(webhook);
      await backend.stop();
    },
  );
});
