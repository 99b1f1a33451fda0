import { startSourceModule } from '@devops-insights/backstage-plugin-node/testUtils';
import { devopsInsightsModuleGitlab } from './module';

// What every SCM module does (its log lines, schedule and backfill) is
// tested in -node (createScmSourceModule, readScmSourceSettings); here, the
// GitLab wiring and its webhook token.
describe('devopsInsightsModuleGitlab', () => {
  it.each([
    { config: {}, added: [], message: 'GitLab source not enabled' },
    {
      config: {
        integrations: { gitlab: [{ host: 'gitlab.com', token: 't' }] },
      },
      added: [{ id: 'gitlab', webhook: false }],
      message: 'GitLab source enabled for gitlab.com',
    },
    {
      config: {
        integrations: { gitlab: [{ host: 'gitlab.com', token: 't' }] },
        devopsInsights: { gitlab: { webhookToken: 's3cret' } },
      },
      added: [{ id: 'gitlab', webhook: true }],
      message: 'GitLab source enabled for gitlab.com with webhooks',
    },
  ])('says "$message"', async ({ config, added, message }) => {
    const { addSource, logger, backend } = await startSourceModule(
      devopsInsightsModuleGitlab,
      config,
    );
    expect(
      addSource.mock.calls.map(([s]) => ({ id: s.id, webhook: !!s.webhook })),
    ).toEqual(added);
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining(message));
    await backend.stop();
  });
});
