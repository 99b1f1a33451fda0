import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { LRUCache } from 'lru-cache';
import {
  appendTo,
  buildDoraIndex,
  DoraConfig,
  DoraFacts,
  doraFactsOf,
  doraFactsWithin,
  eventKey,
  ToilConfig,
  TimeWindow,
  ToilFacts,
  toilFactsOf,
  toilFactsWithin,
} from '@devops-insights/backstage-plugin-common';
import { DoraRows, EventStore } from '../database/EventStore';
import { SharedFactsStore, VersionedFacts } from '../database/SharedFactsStore';
import { bytesOfFacts } from './factsBytes';

/** What the metrics of any scope need of one entity, whatever the window. */
export type EntityFacts = {
  dora: DoraFacts;
  /** Toil of its incidents and deployments (CI runs and reports are read per request). */
  toil: ToilFacts;
};

/** What the cache holds now and how often it answered from memory. */
export type FactsCacheStats = {
  /** Entities whose facts are in memory. */
  entries: number;
  /** Their measured size (factsBytes.ts). */
  bytes: number;
  /** Entities asked for whose current facts were in memory. */
  hits: number;
  /** Entities asked for whose facts were read from the database or derived. */
  misses: number;
};

/**
 * The default memory budget: the facts of size M (1 000 services, 1 M
 * deployments, ~3 M lead-time samples, ~100 k incidents) measure ~130 MiB
 * (scripts/measure/sharedFacts.ts: a quarter of M's services measured and
 * scaled by deployments; the heap they took was within 3 % of the estimate),
 * so M fits with a third to spare.
 */
export const DEFAULT_FACTS_CACHE_MEGABYTES = 200;

/**
 * Bump when what doraFactsOf or toilFactsOf derive changes: facts stored by
 * an older release are then neither read nor overwritten by this one
 * (factsFormat.test.ts fails until it is bumped).
 */
export const FACTS_FORMAT = 1;

/**
 * Names the code and settings facts are derived with: replicas read only
 * facts of their own derivation from the database.
 */
export function factsDerivation(dora: DoraConfig, toil: ToilConfig): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FACTS_FORMAT, dora, toil }))
    .digest('hex');
}

type Entry = VersionedFacts & { bytes: number };

// Entities whose rows are loaded together: bounds the rows held at once.
const LOAD_CHUNK = 50;

/**
 * The pre-aggregation behind every DORA and toil figure: each entity's facts,
 * derived once from its rows (and the rows pointing at its deployments) and
 * kept until the entity's version in the store moves. A request then reads
 * the versions of its scope (one indexed query) and evaluates its window over
 * the facts, instead of loading and re-deriving the scope's whole history.
 *
 * Bounded: past `maxBytes` (measured by factsBytes.ts) the least recently
 * used entities are dropped, and read or derived again when asked for. A
 * request holds the facts it evaluates itself, so an eviction in the middle
 * of a large request never changes its answer.
 *
 * Shared: with a {@link SharedFactsStore}, facts missing in memory are read
 * from the database when some replica (or this one before a restart) stored
 * them at the current version, and what is derived here is stored there in
 * the background.
 *
 * Exact by construction: the facts are what the pure definitions derive, and
 * the facts of disjoint entities evaluate together as their union does.
 */
export class EntityFactsCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Loads in flight, so concurrent requests for a stale entity share one. */
  private readonly loading = new Map<
    string,
    { version: number; done: Promise<Map<string, EntityFacts>> }
  >();
  private readonly empty: EntityFacts;
  private readonly maxBytes: number;
  private hits = 0;
  private misses = 0;
  /** Derived facts waiting to be stored, newest version per entity. */
  private pending = new Map<string, VersionedFacts>();
  private pendingBytes = 0;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      store: EventStore;
      dora: DoraConfig;
      toil: ToilConfig;
      /** Memory budget; default {@link DEFAULT_FACTS_CACHE_MEGABYTES}. */
      maxBytes?: number;
      shared?: SharedFactsStore;
      logger?: LoggerService;
    },
  ) {
    this.maxBytes =
      deps.maxBytes ?? DEFAULT_FACTS_CACHE_MEGABYTES * 1024 * 1024;
    this.entries = new LRUCache<string, Entry>({
      maxSize: this.maxBytes,
      sizeCalculation: entry => entry.bytes,
    });
    this.empty = this.derive([], { deployments: [], incidents: [] });
  }

  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return {
      entries: this.entries.size,
      bytes: this.entries.calculatedSize,
      hits: this.hits,
      misses: this.misses,
    };
  }

  /**
   * The current facts of each entity (entities without rows: empty facts);
   * `versions`, when given, were just read from the store for these refs.
   * With `within`, each entity's facts hold only that span of time (what a
   * request evaluating windows inside it needs), so a request over thousands
   * of entities holds a few weeks of each rather than their whole history.
   */
  async factsOf(
    entityRefs: string[],
    versions?: Map<string, number>,
    within?: TimeWindow,
  ): Promise<Map<string, EntityFacts>> {
    return this.factsAt(
      entityRefs,
      versions ?? (await this.deps.store.versions(entityRefs)),
      within ? facts => factsWithin(facts, within) : facts => facts,
    );
  }

  /**
   * Loads the facts of these entities until the memory budget is nine tenths
   * full (after a restart: what the first requests will likely ask for).
   */
  async warm(entityRefs: string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += LOAD_CHUNK) {
      if (this.entries.calculatedSize >= 0.9 * this.maxBytes) return;
      await this.factsOf(entityRefs.slice(i, i + LOAD_CHUNK));
    }
  }

  /** Resolves when the derived facts handed to the database are stored. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async factsAt(
    entityRefs: string[],
    versions: Map<string, number>,
    held: (facts: EntityFacts) => EntityFacts,
  ): Promise<Map<string, EntityFacts>> {
    // What this request evaluates, held here: evictions cannot touch it.
    const found = new Map<string, EntityFacts>();
    const waits: Promise<void>[] = [];
    const take = (refs: string[], loaded: Map<string, EntityFacts>) => {
      for (const ref of refs) found.set(ref, held(loaded.get(ref)!));
    };
    const stale: string[] = [];
    for (const ref of new Set(entityRefs)) {
      const version = versions.get(ref);
      if (version === undefined) continue;
      const entry = this.entries.get(ref);
      if (entry && entry.version >= version) {
        this.hits += 1;
        found.set(ref, held(entry.facts));
        continue;
      }
      this.misses += 1;
      const inFlight = this.loading.get(ref);
      if (inFlight && inFlight.version >= version) {
        waits.push(inFlight.done.then(loaded => take([ref], loaded)));
      } else stale.push(ref);
    }
    // One chunk after the other, so a cold rollup never holds every row.
    let previous: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < stale.length; i += LOAD_CHUNK) {
      const chunk = stale.slice(i, i + LOAD_CHUNK);
      const done = previous
        .then(() => this.load(chunk, versions))
        .finally(() => {
          for (const ref of chunk) {
            if (this.loading.get(ref)?.done === done) this.loading.delete(ref);
          }
        });
      for (const ref of chunk) {
        this.loading.set(ref, { version: versions.get(ref)!, done });
      }
      previous = done.catch(() => undefined);
      waits.push(done.then(loaded => take(chunk, loaded)));
    }
    await Promise.all(waits);
    const empty = held(this.empty);
    return new Map(entityRefs.map(ref => [ref, found.get(ref) ?? empty]));
  }

  /**
   * The entities' facts: from the database when stored there at their
   * version, else derived from their rows. The versions were read before the
   * rows, so the rows are at least that new; a write in between only makes
   * the next request derive again.
   */
  private async load(
    refs: string[],
    versions: Map<string, number>,
  ): Promise<Map<string, EntityFacts>> {
    const loaded = new Map<string, EntityFacts>();
    const stored = this.deps.shared
      ? await this.deps.shared.read(refs)
      : new Map<string, VersionedFacts>();
    const missing: string[] = [];
    for (const ref of refs) {
      const version = versions.get(ref)!;
      const known = this.entries.get(ref);
      const fresh = [known, stored.get(ref)].find(
        e => e && e.version >= version,
      );
      if (fresh) {
        loaded.set(ref, fresh.facts);
        if (fresh !== known) this.keep(ref, fresh);
      } else missing.push(ref);
    }
    if (!missing.length) return loaded;
    const rowsOf = partitionDoraRows(await this.deps.store.loadDora(missing));
    const derived = new Map<string, VersionedFacts>();
    for (const ref of missing) {
      const entry = {
        version: versions.get(ref)!,
        facts: this.derive([ref], rowsOf(ref)),
      };
      loaded.set(ref, entry.facts);
      derived.set(ref, entry);
      this.keep(ref, entry);
    }
    this.store(derived);
    return loaded;
  }

  private keep(ref: string, { version, facts }: VersionedFacts) {
    this.entries.set(ref, { version, facts, bytes: bytesOfFacts(facts) });
  }

  /**
   * Hands derived facts to the database in the background, newest version
   * per entity. Storing only saves work: while the database lags behind by
   * more than a quarter of the budget, further facts are not stored.
   */
  private store(derived: Map<string, VersionedFacts>) {
    if (!this.deps.shared) return;
    for (const [ref, entry] of derived) {
      if (this.pendingBytes >= this.maxBytes / 4) break;
      const waiting = this.pending.get(ref);
      if (waiting && waiting.version >= entry.version) continue;
      if (waiting) this.pendingBytes -= bytesOfFacts(waiting.facts);
      this.pending.set(ref, entry);
      this.pendingBytes += bytesOfFacts(entry.facts);
    }
    if (this.pending.size) this.writing ??= this.drain(this.deps.shared);
  }

  private async drain(shared: SharedFactsStore) {
    while (this.pending.size) {
      const batch = this.pending;
      this.pending = new Map();
      this.pendingBytes = 0;
      try {
        await shared.write(batch);
      } catch (error) {
        this.deps.logger?.warn(`Could not store derived facts: ${error}`);
      }
    }
    this.writing = undefined;
  }

  private derive(scope: string[], rows: DoraRows): EntityFacts {
    const inScope = new Set(scope);
    const index = buildDoraIndex(
      { scopeEntityRefs: inScope, ...rows },
      this.deps.dora,
    );
    return {
      dora: doraFactsOf(index),
      toil: toilFactsOf(
        {
          incidents: rows.incidents.filter(i => inScope.has(i.entityRef)),
          deployments: rows.deployments.filter(d => inScope.has(d.entityRef)),
          ciRuns: [],
          toilReports: [],
        },
        this.deps.toil,
      ),
    };
  }
}

/**
 * Splits the rows of several entities into each entity's input: its own rows
 * plus the rows of other entities pointing at its deployments.
 */
function partitionDoraRows(rows: DoraRows) {
  const deployments = new Map<string, DoraRows['deployments']>();
  const incidents = new Map<string, DoraRows['incidents']>();
  const remediationsOf = new Map<string, DoraRows['deployments']>();
  const causedBy = new Map<string, DoraRows['incidents']>();
  for (const d of rows.deployments) {
    appendTo(deployments, d.entityRef, d);
    if (d.remediatesDeployment) {
      appendTo(remediationsOf, eventKey(d.remediatesDeployment), d);
    }
  }
  for (const i of rows.incidents) {
    appendTo(incidents, i.entityRef, i);
    if (i.causedBy) appendTo(causedBy, eventKey(i.causedBy), i);
  }
  return (ref: string): DoraRows => {
    const own = deployments.get(ref) ?? [];
    const pointing = <T extends { entityRef: string }>(
      byTarget: Map<string, T[]>,
    ) =>
      own.flatMap(d =>
        (byTarget.get(eventKey(d)) ?? []).filter(r => r.entityRef !== ref),
      );
    return {
      deployments: [...own, ...pointing(remediationsOf)],
      incidents: [...(incidents.get(ref) ?? []), ...pointing(causedBy)],
    };
  };
}

/** The facts of one span of time (see factsOf). */
function factsWithin(facts: EntityFacts, span: TimeWindow): EntityFacts {
  return {
    dora: doraFactsWithin(facts.dora, span),
    toil: toilFactsWithin(facts.toil, span),
  };
}
