import { mockCredentials } from '@backstage/backend-test-utils';
import { CachedCatalog, CatalogReader } from './CachedCatalog';

function fakeCatalog() {
  const calls: string[] = [];
  let fail = false;
  const catalog: CatalogReader = {
    getEntityByRef: async (ref, { credentials }) => {
      calls.push(`${ref} for ${JSON.stringify(credentials.principal)}`);
      if (fail) throw new Error('catalog down');
      return {
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: String(ref) },
      };
    },
    getEntities: async () => ({ items: [] }),
    getEntitiesByRefs: async () => ({ items: [] }),
  };
  return { catalog, calls, setFail: (value: boolean) => (fail = value) };
}

describe('CachedCatalog', () => {
  it('answers a repeated read from memory for 30 s, per caller', async () => {
    let now = 0;
    const fake = fakeCatalog();
    const cached = new CachedCatalog(fake.catalog, () => now);
    const ann = { credentials: mockCredentials.user('user:default/ann') };
    const bob = { credentials: mockCredentials.user('user:default/bob') };

    await cached.getEntityByRef('component:default/a', ann);
    await cached.getEntityByRef('component:default/a', ann);
    expect(fake.calls).toHaveLength(1);

    await cached.getEntityByRef('component:default/a', bob);
    expect(fake.calls).toHaveLength(2);

    now = 29_999;
    await cached.getEntityByRef('component:default/a', ann);
    expect(fake.calls).toHaveLength(2);
    now = 30_000;
    await cached.getEntityByRef('component:default/a', ann);
    expect(fake.calls).toHaveLength(3);
  });

  it('does not remember failures', async () => {
    const fake = fakeCatalog();
    const cached = new CachedCatalog(fake.catalog, () => 0);
    const ann = { credentials: mockCredentials.user('user:default/ann') };
    fake.setFail(true);
    await expect(
      cached.getEntityByRef('component:default/a', ann),
    ).rejects.toThrow('catalog down');
    fake.setFail(false);
    await expect(
      cached.getEntityByRef('component:default/a', ann),
    ).resolves.toMatchObject({
      kind: 'Component',
    });
    expect(fake.calls).toHaveLength(2);
  });
});
