import { readScmSourceSettings } from '../settings';
import { startSourceModule } from '../testUtils';
import { createScmSourceModule } from './createScmSourceModule';

const testModule = createScmSourceModule({
  moduleId: 'gitlab',
  name: 'Test',
  readSettings: config =>
    readScmSourceSettings(config, {
      source: 'gitlab',
      publicHost: 'gitlab.com',
      webhookSecrets: own => own?.getOptionalStringArray('secrets') ?? [],
    }),
  createSource: ({ settings }) => ({
    id: 'test',
    schedule: settings.schedule,
    sync: async () => {},
    ...(settings.webhookSecrets.length
      ? { webhook: { handle: async () => ({ status: 200 }) } }
      : {}),
  }),
});

describe('createScmSourceModule', () => {
  it.each([
    {
      config: {},
      added: [],
      message:
        'DevOps Insights Test source not enabled: no integrations.gitlab configured',
    },
    {
      config: {
        integrations: {
          gitlab: [
            {
              host: 'git.example.com',
              apiBaseUrl: 'https://git.example.com/api/v4',
            },
            { host: 'gitlab.com' },
          ],
        },
      },
      added: ['test'],
      message:
        'DevOps Insights Test source enabled for git.example.com, gitlab.com',
    },
    {
      config: {
        integrations: { gitlab: [{ host: 'gitlab.com' }] },
        devopsInsights: { gitlab: { secrets: ['s'] } },
      },
      added: ['test'],
      message:
        'DevOps Insights Test source enabled for gitlab.com with webhooks',
    },
  ])('logs "$message"', async ({ config, added, message }) => {
    const { addSource, logger, backend } = await startSourceModule(
      testModule,
      config,
    );
    expect(addSource.mock.calls.map(([s]) => s.id)).toEqual(added);
    expect(logger.info).toHaveBeenCalledWith(message);
    await backend.stop();
  });

  it('reads the schedule from devopsInsights.<moduleId>', async () => {
    const { addSource, backend } = await startSourceModule(testModule, {
      integrations: { gitlab: [{ host: 'gitlab.com' }] },
      devopsInsights: {
        gitlab: {
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
        },
      },
    });
    expect(addSource.mock.calls[0][0].schedule).toMatchObject({
      frequency: { minutes: 5 },
    });
    await backend.stop();
  });
});
