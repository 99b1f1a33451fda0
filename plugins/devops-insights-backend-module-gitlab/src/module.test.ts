import { startSourceModule } from '@devops-insights/backstage-plugin-node/testUtils';
import { devopsInsightsModuleGitlab } from './module';

const startWith = (data: Record<string, unknown>) =>
  startSourceModule(devopsInsightsModuleGitlab, data);

describe('devopsInsightsModuleGitlab', () => {
  it('adds nothing and says so once without integrations.gitlab', async () => {
    const { addSource, logger, backend } = await startWith({});
    expect(addSource).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('GitLab source not enabled'),
    );
    await backend.stop();
  });

  it('adds the gitlab source on a 15 minute global schedule by default', async () => {
    const { addSource, backend } = await startWith({
      integrations: { gitlab: [{ host: 'gitlab.com', token: 't' }] },
    });
    const [source] = addSource.mock.calls[0];
    expect(source.id).toBe('gitlab');
    expect(source.schedule).toMatchObject({
      frequency: { minutes: 15 },
      scope: 'global',
    });
    expect(source.webhook).toBeUndefined();
    await backend.stop();
  });

  it('reads the schedule, backfill and webhook secret from config', async () => {
    const { addSource, backend } = await startWith({
      integrations: { gitlab: [{ host: 'gitlab.com', token: 't' }] },
      devopsInsights: {
        gitlab: {
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
          backfill: { days: 30 },
          webhookToken: 's3cret',
        },
      },
    });
    const [source] = addSource.mock.calls[0];
    expect(source.schedule).toMatchObject({ frequency: { minutes: 5 } });
    expect(source.webhook).toBeDefined();
    await backend.stop();
  });
});
