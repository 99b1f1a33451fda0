import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The catalog reads this plugin makes. */
export type CatalogReader = Pick<
  CatalogService,
  'getEntityByRef' | 'getEntities' | 'getEntitiesByRefs'
>;

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;

function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type}:${p.userEntityRef ?? p.subject ?? ''}`;
}

/**
 * Remembers catalog answers for 30 seconds per caller, so a page that asks for
 * DORA, toil and on-call of one team resolves the org once, and a rollup does
 * not re-read every group per request. Entities added to the catalog show up
 * in scopes within that time. Answers are never shared between callers, since
 * what the catalog shows depends on who asks.
 */
export class CachedCatalog implements CatalogReader {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<unknown> }
  >();

  constructor(
    private readonly catalog: CatalogReader,
    private readonly now: () => number = Date.now,
  ) {}

  getEntityByRef: CatalogReader['getEntityByRef'] = (ref, options) =>
    this.remember('byRef', ref, options.credentials, () =>
      this.catalog.getEntityByRef(ref, options),
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
    value.catch(() => this.entries.delete(key));
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
    if (this.entries.size > MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
