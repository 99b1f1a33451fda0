import {
  appendTo,
  buildDoraIndex,
  DoraConfig,
  DoraFacts,
  doraFactsOf,
  eventKey,
  ToilConfig,
  ToilFacts,
  toilFactsOf,
} from '@devops-insights/backstage-plugin-common';
import { DoraRows, EventStore } from '../database/EventStore';

/** What the metrics of any scope need of one entity, whatever the window. */
export type EntityFacts = {
  dora: DoraFacts;
  /** Toil of its incidents and deployments (CI runs and reports are read per request). */
  toil: ToilFacts;
};

type Entry = { version: number; facts: EntityFacts };

// Entities whose rows are loaded together: bounds the rows held at once.
const LOAD_CHUNK = 50;

/**
 * The pre-aggregation behind every DORA and toil figure: each entity's facts,
 * derived once from its rows (and the rows pointing at its deployments) and
 * kept until the entity's version in the store moves. A request then reads
 * the versions of its scope (one indexed query) and evaluates its window over
 * the facts, instead of loading and re-deriving the scope's whole history.
 *
 * Exact by construction: the facts are what the pure definitions derive, and
 * the facts of disjoint entities evaluate together as their union does.
 */
export class EntityFactsCache {
  private readonly entries = new Map<string, Entry>();
  /** Loads in flight, so concurrent requests for a stale entity share one. */
  private readonly loading = new Map<
    string,
    { version: number; done: Promise<void> }
  >();
  private readonly empty: EntityFacts;
  /** Lookups of entities with rows: answered from memory, or derived (or waited for). */
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly deps: {
      store: EventStore;
      dora: DoraConfig;
      toil: ToilConfig;
    },
  ) {
    this.empty = this.derive([], { deployments: [], incidents: [] });
  }

  /**
   * The current facts of each entity (entities without rows: empty facts);
   * `versions`, when given, were just read from the store for these refs.
   */
  async factsOf(
    entityRefs: string[],
    versions?: Map<string, number>,
  ): Promise<Map<string, EntityFacts>> {
    return this.factsAt(
      entityRefs,
      versions ?? (await this.deps.store.versions(entityRefs)),
    );
  }

  private async factsAt(
    entityRefs: string[],
    versions: Map<string, number>,
  ): Promise<Map<string, EntityFacts>> {
    const waits: Promise<void>[] = [];
    const stale: string[] = [];
    for (const ref of new Set(entityRefs)) {
      const version = versions.get(ref);
      if (version === undefined) continue;
      if ((this.entries.get(ref)?.version ?? -1) >= version) {
        this.hits++;
        continue;
      }
      this.misses++;
      const inFlight = this.loading.get(ref);
      if (inFlight && inFlight.version >= version) waits.push(inFlight.done);
      else stale.push(ref);
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
      waits.push(done);
    }
    await Promise.all(waits);
    return new Map(
      entityRefs.map(ref => [
        ref,
        versions.has(ref) ? this.entries.get(ref)!.facts : this.empty,
      ]),
    );
  }

  /**
   * For the telemetry gauges: entities held, their approximate bytes (0 while
   * not measured), and lookups answered from memory or not since start.
   */
  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return {
      entries: this.entries.size,
      bytes: 0,
      hits: this.hits,
      misses: this.misses,
    };
  }

  /**
   * Loads and derives the entities' facts. The versions were read before the
   * rows, so the rows are at least that new; a write in between only makes
   * the next request derive again.
   */
  private async load(refs: string[], versions: Map<string, number>) {
    const rows = await this.deps.store.loadDora(refs);
    const rowsOf = partitionDoraRows(rows);
    for (const ref of refs) {
      const version = versions.get(ref)!;
      if ((this.entries.get(ref)?.version ?? -1) >= version) continue;
      this.entries.set(ref, {
        version,
        facts: this.derive([ref], rowsOf(ref)),
      });
    }
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
