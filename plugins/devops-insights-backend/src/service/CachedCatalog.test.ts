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

  describe('lookups of several entities at once', () => {
    const entity = (ref: string) => {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      return { apiVersion: 'v1', kind, metadata: { namespace, name } };
    };

    function batchingCatalog(known: string[]) {
      const calls: string[] = [];
      const gates: Array<() => void> = [];
      let failBatches = false;
      const catalog: CatalogReader = {
        getEntityByRef: async (ref, { credentials }) => {
          calls.push(`byRef ${ref} ${JSON.stringify(credentials.principal)}`);
          if (String(ref).includes('hang')) await new Promise(() => {});
          await new Promise<void>(ok => gates.push(ok));
          if (String(ref).includes('broken')) throw new Error('catalog down');
          return known.includes(String(ref)) ? entity(String(ref)) : undefined;
        },
        getEntities: async () => ({ items: [] }),
        getEntitiesByRefs: async ({ entityRefs }, { credentials }) => {
          calls.push(
            `byRefs ${entityRefs.join(',')} ${JSON.stringify(
              credentials.principal,
            )}`,
          );
          await new Promise<void>(ok => gates.push(ok));
          if (failBatches) throw new Error('batch failed');
          return {
            items: entityRefs.map(r =>
              known.includes(r) ? entity(r) : undefined,
            ),
          };
        },
      };
      const open = async () => {
        // let the lookups reach the catalog, then answer them all
        for (let i = 0; i < 5; i++) await new Promise(r => setImmediate(r));
        gates.splice(0).forEach(ok => ok());
        for (let i = 0; i < 5; i++) await new Promise(r => setImmediate(r));
      };
      return { catalog, calls, open, failBatches: () => (failBatches = true) };
    }

    const ann = { credentials: mockCredentials.user('user:default/ann') };
    const bob = { credentials: mockCredentials.user('user:default/bob') };

    it('reads the lookups that wait for one in flight in one request, per caller', async () => {
      const fake = batchingCatalog([
        'component:default/a',
        'component:default/b',
        'component:default/c',
      ]);
      const cached = new CachedCatalog(fake.catalog, () => 0);
      const a = cached.getEntityByRef('component:default/a', ann);
      const b = cached.getEntityByRef('component:default/b', ann);
      const c = cached.getEntityByRef('Component:default/c', ann);
      const missing = cached.getEntityByRef('component:default/x', ann);
      const again = cached.getEntityByRef('component:default/b', ann);
      const bobs = cached.getEntityByRef('component:default/c', bob);
      await fake.open();
      await fake.open();
      await expect(a).resolves.toMatchObject({ metadata: { name: 'a' } });
      await expect(b).resolves.toMatchObject({ metadata: { name: 'b' } });
      await expect(c).resolves.toMatchObject({ metadata: { name: 'c' } });
      await expect(missing).resolves.toBeUndefined();
      expect(await again).toBe(await b);
      await expect(bobs).resolves.toMatchObject({ metadata: { name: 'c' } });
      expect(fake.calls).toEqual([
        'byRef component:default/a {"type":"user","userEntityRef":"user:default/ann"}',
        'byRef component:default/c {"type":"user","userEntityRef":"user:default/bob"}',
        'byRefs component:default/b,component:default/c,component:default/x {"type":"user","userEntityRef":"user:default/ann"}',
      ]);

      // Idle again: a lone lookup is a getEntityByRef.
      const d = cached.getEntityByRef('component:default/d', ann);
      await fake.open();
      await expect(d).resolves.toBeUndefined();
      expect(fake.calls[3]).toBe(
        'byRef component:default/d {"type":"user","userEntityRef":"user:default/ann"}',
      );
    });

    it('answers each lookup alone when the batch fails', async () => {
      const fake = batchingCatalog([
        'component:default/a',
        'component:default/b',
      ]);
      fake.failBatches();
      const cached = new CachedCatalog(fake.catalog, () => 0);
      const a = cached.getEntityByRef('component:default/a', ann);
      const b = cached.getEntityByRef('component:default/b', ann);
      const broken = cached.getEntityByRef('component:default/broken', ann);
      for (let i = 0; i < 3; i++) await fake.open();
      await expect(a).resolves.toMatchObject({ metadata: { name: 'a' } });
      await expect(b).resolves.toMatchObject({ metadata: { name: 'b' } });
      await expect(broken).rejects.toThrow('catalog down');
      expect(fake.calls.map(c => c.split(' ').slice(0, 2).join(' '))).toEqual([
        'byRef component:default/a',
        'byRefs component:default/b,component:default/broken',
        'byRef component:default/b',
        'byRef component:default/broken',
      ]);
    });

    it('does not hold lookups up for long behind one that hangs', async () => {
      const fake = batchingCatalog(['component:default/b']);
      const cached = new CachedCatalog(fake.catalog, () => 0);
      cached.getEntityByRef('component:default/hang', ann);
      await new Promise(r => setImmediate(r));
      const b = cached.getEntityByRef('component:default/b', ann);
      await new Promise(r => setTimeout(r, 300));
      await fake.open();
      await expect(b).resolves.toMatchObject({ metadata: { name: 'b' } });
    });

    it('passes malformed refs straight to the catalog', async () => {
      const fake = batchingCatalog([]);
      const cached = new CachedCatalog(fake.catalog, () => 0);
      cached.getEntityByRef('component:default/a', ann);
      cached.getEntityByRef('no-kind', ann);
      await new Promise(r => setImmediate(r));
      expect(fake.calls.map(c => c.split(' ').slice(0, 2).join(' '))).toEqual([
        'byRef component:default/a',
        'byRef no-kind',
      ]);
      await fake.open();
    });
  });

  describe('connection resets', () => {
    const reset = () =>
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const ann = { credentials: mockCredentials.user('user:default/ann') };

    /** A catalog whose reads fail with these errors in turn, then answer. */
    function resettingCatalog(...failures: Error[]) {
      let calls = 0;
      const read = async () => {
        calls += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return { items: [] };
      };
      const catalog: CatalogReader = {
        getEntityByRef: async ref => {
          await read();
          return {
            apiVersion: 'v1',
            kind: 'Group',
            metadata: { name: ref as string },
          };
        },
        getEntities: read,
        getEntitiesByRefs: read,
      };
      return { catalog, calls: () => calls };
    }

    it('asks again after a reset, for every kind of read', async () => {
      for (const read of [
        (c: CachedCatalog) => c.getEntityByRef('group:default/a', ann),
        (c: CachedCatalog) => c.getEntities({ filter: { kind: 'Group' } }, ann),
        (c: CachedCatalog) =>
          c.getEntitiesByRefs({ entityRefs: ['group:default/a'] }, ann),
      ]) {
        const fake = resettingCatalog(reset(), reset());
        await expect(
          read(new CachedCatalog(fake.catalog)),
        ).resolves.toBeDefined();
        expect(fake.calls()).toBe(3);
      }
    });

    it('gives up after three resets, and does not remember the failure', async () => {
      const fake = resettingCatalog(reset(), reset(), reset());
      const cached = new CachedCatalog(fake.catalog, () => 0);
      await expect(
        cached.getEntities({ filter: { kind: 'Group' } }, ann),
      ).rejects.toThrow('ECONNRESET');
      expect(fake.calls()).toBe(3);
      await expect(
        cached.getEntities({ filter: { kind: 'Group' } }, ann),
      ).resolves.toEqual({ items: [] });
    });

    it('does not ask again after other errors', async () => {
      const fake = resettingCatalog(new Error('forbidden'));
      await expect(
        new CachedCatalog(fake.catalog).getEntities({}, ann),
      ).rejects.toThrow('forbidden');
      expect(fake.calls()).toBe(1);
    });
  });
});
