import { mockServices } from '@backstage/backend-test-utils';
import { EventStore } from '../database/EventStore';
import { CachedCatalog, CatalogReader } from './CachedCatalog';
import { IngestService } from './IngestService';

const event = {
  type: 'deployment',
  source: 'ci',
  id: 'd1',
  entityRef: 'checkout',
  environment: 'production',
  status: 'success',
  finishedAt: '2026-01-05T10:00:00Z',
};

const reset = () =>
  Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

/** The ingest service over a catalog failing with these errors in turn. */
function ingestWith(...failures: Error[]) {
  const upsert = jest.fn(async () => ({
    created: 1,
    updated: 0,
    unchanged: 0,
    changedEntityRefs: ['component:default/checkout'],
  }));
  const getEntitiesByRefs = jest.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return { items: [undefined] };
  });
  const service = new IngestService({
    store: { upsert } as unknown as EventStore,
    // As in the plugin: every catalog read goes through CachedCatalog.
    catalog: new CachedCatalog({
      getEntitiesByRefs,
    } as unknown as CatalogReader),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    productionEnvironments: ['production'],
  });
  return { service, upsert, getEntitiesByRefs };
}

describe('IngestService and the catalog', () => {
  it('asks the catalog again after a connection reset', async () => {
    const { service, upsert } = ingestWith(reset(), reset());
    await expect(service.ingest([event])).resolves.toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: ['component:default/checkout'],
    });
    expect(upsert).toHaveBeenCalledTimes(1);
  });

  it('stores nothing when the catalog cannot answer', async () => {
    const { service, upsert, getEntitiesByRefs } = ingestWith(
      reset(),
      reset(),
      reset(),
    );
    await expect(service.ingest([event])).rejects.toThrow('ECONNRESET');
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(3);
    expect(upsert).not.toHaveBeenCalled();
  });

  it('does not ask again after other errors', async () => {
    const { service, upsert, getEntitiesByRefs } = ingestWith(
      new Error('catalog says no'),
    );
    await expect(service.ingest([event])).rejects.toThrow('catalog says no');
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(upsert).not.toHaveBeenCalled();
  });
});
