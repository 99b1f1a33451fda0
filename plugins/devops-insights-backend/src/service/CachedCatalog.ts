import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { retryOnReset } from './connectionReset';

/** The catalog reads this plugin makes. */
export type CatalogReader = Pick<
  CatalogService,
  'getEntityByRef' | 'getEntities' | 'getEntitiesByRefs'
>;

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
/** Longest a lookup waits for the caller's lookup in flight before it is sent anyway. */
const MAX_WAIT_MS = 250;

function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type}:${p.userEntityRef ?? p.subject ?? ''}`;
}

type ByRefOptions = Parameters<CatalogReader['getEntityByRef']>[1];

/** A getEntityByRef waiting for the caller's lookup in flight to finish. */
type Waiter = {
  ref: string;
  options: ByRefOptions;
  resolve: (entity: Entity | undefined) => void;
  reject: (error: unknown) => void;
};

type Lookups = {
  inFlight: number;
  waiting: Waiter[];
  timer?: ReturnType<typeof setTimeout>;
};

/**
 * Remembers catalog answers for 30 seconds per caller, so a page that asks for
 * DORA, toil and on-call of one team resolves the org once, and a rollup does
 * not re-read every group per request. Entities added to the catalog show up
 * in scopes within that time. Answers are never shared between callers, since
 * what the catalog shows depends on who asks.
 *
 * Each catalog read is an HTTP round trip through the catalog's router, its
 * auth and its database, which costs as much CPU as the rest of an entity
 * request. So while an entity lookup of a caller is in flight, that caller's
 * lookups of other entities wait (at most 250 ms) and are then read together
 * in one `getEntitiesByRefs`, which answers each ref exactly as
 * `getEntityByRef` does (the same catalog query, the same permission check).
 * A lone lookup is still a `getEntityByRef`, as before.
 *
 * Every catalog read, for ingestion and for metrics alike, is asked again
 * after a connection reset (`retryOnReset`).
 */
export class CachedCatalog implements CatalogReader {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<unknown> }
  >();

  /** Per caller: entity lookups in flight, and those waiting for them. */
  private readonly lookups = new Map<string, Lookups>();

  private readonly catalog: CatalogReader;

  constructor(
    catalog: CatalogReader,
    private readonly now: () => number = Date.now,
  ) {
    this.catalog = {
      getEntityByRef: (ref, options) =>
        retryOnReset(() => catalog.getEntityByRef(ref, options)),
      getEntities: (request, options) =>
        retryOnReset(() => catalog.getEntities(request, options)),
      getEntitiesByRefs: (request, options) =>
        retryOnReset(() => catalog.getEntitiesByRefs(request, options)),
    };
  }

  getEntityByRef: CatalogReader['getEntityByRef'] = (ref, options) =>
    this.remember('byRef', ref, options.credentials, () =>
      this.lookUp(ref, options),
    );

  getEntities: CatalogReader['getEntities'] = (request, options) =>
    this.remember('entities', request, options.credentials, () =>
      this.catalog.getEntities(request, options),
    );

  getEntitiesByRefs: CatalogReader['getEntitiesByRefs'] = (request, options) =>
    this.remember('byRefs', request, options.credentials, () =>
      this.catalog.getEntitiesByRefs(request, options),
    );

  private remember<T>(
    method: string,
    request: unknown,
    credentials: BackstageCredentials,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = JSON.stringify([method, principalKey(credentials), request]);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
    const value = load();
    // A failed read is not remembered: the next request asks again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    if (this.entries.size > MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  private lookUp(
    ref: Parameters<CatalogReader['getEntityByRef']>[0],
    options: ByRefOptions,
  ): Promise<Entity | undefined> {
    if (typeof ref !== 'string' || !isValidRef(ref)) {
      // Not batched: the catalog client reports a malformed ref itself.
      return this.catalog.getEntityByRef(ref, options);
    }
    const key = principalKey(options.credentials);
    let state = this.lookups.get(key);
    if (!state) {
      state = { inFlight: 0, waiting: [] };
      this.lookups.set(key, state);
    }
    if (state.inFlight === 0) {
      const lookup = this.catalog.getEntityByRef(ref, options);
      this.track(key, state, lookup);
      return lookup;
    }
    const waiting = state;
    const result = new Promise<Entity | undefined>((resolve, reject) =>
      waiting.waiting.push({ ref, options, resolve, reject }),
    );
    // A catalog read that hangs must not hold up the caller's other lookups.
    waiting.timer ??= setTimeout(() => this.flush(key, waiting), MAX_WAIT_MS);
    waiting.timer.unref?.();
    return result;
  }

  private track(key: string, state: Lookups, lookup: Promise<unknown>) {
    state.inFlight += 1;
    const settled = () => {
      state.inFlight -= 1;
      if (state.inFlight === 0) this.flush(key, state);
    };
    lookup.then(settled, settled);
  }

  /** Reads the lookups that waited, all in one request. */
  private flush(key: string, state: Lookups) {
    clearTimeout(state.timer);
    state.timer = undefined;
    const batch = state.waiting;
    state.waiting = [];
    if (batch.length) {
      this.track(key, state, this.readTogether(batch));
    } else if (state.inFlight === 0 && this.lookups.get(key) === state) {
      this.lookups.delete(key);
    }
  }

  private async readTogether(batch: Waiter[]): Promise<void> {
    const alone = (waiters: Waiter[]) =>
      Promise.all(
        waiters.map(({ ref, options, resolve, reject }) =>
          this.catalog.getEntityByRef(ref, options).then(resolve, reject),
        ),
      );
    if (batch.length === 1) {
      await alone(batch);
      return;
    }
    const refs = [...new Set(batch.map(w => canonicalRef(w.ref)))];
    let byRef: Map<string, Entity | undefined>;
    try {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials: batch[0].options.credentials },
      );
      if (items.length !== refs.length) throw new Error('unexpected answer');
      byRef = new Map(refs.map((ref, i) => [ref, items[i] ?? undefined]));
    } catch {
      // Each lookup then fails (or not) exactly as it would have alone.
      await alone(batch);
      return;
    }
    for (const waiter of batch) {
      waiter.resolve(byRef.get(canonicalRef(waiter.ref)));
    }
  }
}

/** The ref as the catalog's by-name endpoint looks it up. */
function canonicalRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref));
}

function isValidRef(ref: string): boolean {
  try {
    canonicalRef(ref);
    return true;
  } catch {
    return false;
  }
}
