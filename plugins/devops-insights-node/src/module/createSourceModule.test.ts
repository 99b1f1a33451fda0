import { startSourceModule } from '../testUtils';
import { createSourceModule } from './createSourceModule';

const testModule = createSourceModule<{ hosts: string[]; secret?: string }>({
  moduleId: 'test',
  readSettings: config => {
    const hosts = config.getOptionalStringArray('test.hosts');
    return hosts
      ? { hosts, secret: config.getOptionalString('test.secret') }
      : undefined;
  },
  createSource: ({ settings, catalog, auth, logger }) => {
    expect(catalog.getEntities).toBeDefined();
    expect(auth.getOwnServiceCredentials).toBeDefined();
    expect(logger.info).toBeDefined();
    return {
      id: 'test',
      sync: async () => {},
      ...(settings.secret
        ? { webhook: { handle: async () => ({ status: 200 }) } }
        : {}),
    };
  },
  notEnabledMessage: 'Test source not enabled',
  enabledMessage: (settings, source) =>
    `Test source enabled for ${settings.hosts.join(', ')}${
      source.webhook ? ' with webhooks' : ''
    }`,
});

describe('createSourceModule', () => {
  it.each([
    { config: {}, added: undefined, message: 'Test source not enabled' },
    {
      config: { test: { hosts: ['a', 'b'] } },
      added: 'test',
      message: 'Test source enabled for a, b',
    },
    {
      config: { test: { hosts: ['a'], secret: 's' } },
      added: 'test',
      message: 'Test source enabled for a with webhooks',
    },
  ])('with $config logs "$message"', async ({ config, added, message }) => {
    const { addSource, logger, backend } = await startSourceModule(
      testModule,
      config,
    );
    expect(addSource.mock.calls.map(([s]) => s.id)).toEqual(
      added ? [added] : [],
    );
    expect(logger.info).toHaveBeenCalledWith(message);
    await backend.stop();
  });
});
