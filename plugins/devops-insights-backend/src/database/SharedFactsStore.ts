import { deserialize, serialize } from 'node:v8';
import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import type { EntityFacts } from '../service/EntityFactsCache';
import { compareCodePoints } from './writeOrder';
import { binaryOf, selectBinary } from './binaryColumn';

/** An entity's facts as derived from its rows at (at least) `version`. */
export type VersionedFacts = { version: number; facts: EntityFacts };

// Rows per statement: well under SQLite's bound-parameter limit, and a few
// megabytes of facts at most.
const CHUNK = 50;

/** A derivation no replica wrote for this long is an old one's. */
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;

/**
 * Derived facts in the database (table `entity_facts`), so that what one
 * replica derived is read, not derived again, by the others and after a
 * restart. A row holds the facts of one entity at a version under one
 * `derivation` (the code and settings that derived them); readers take it
 * when its version is at least the entity's current one, as the in-memory
 * cache does.
 *
 * Facts travel in V8's serialization format, which holds typed arrays as
 * their raw bytes: encoding and decoding copy memory and derive nothing, and
 * the facts read hold no part of the value they were decoded from. A value
 * this Node cannot read (written by a newer one) counts as missing.
 */
export class SharedFactsStore {
  /** The facts column as read (binaryColumn.ts). */
  private readonly facts: string | Knex.Raw;

  constructor(private readonly knex: Knex, readonly derivation: string) {
    this.facts = selectBinary(knex, 'facts');
  }

  async read(entityRefs: string[]): Promise<Map<string, VersionedFacts>> {
    const found = new Map<string, VersionedFacts>();
    for (let i = 0; i < entityRefs.length; i += CHUNK) {
      const rows = await this.knex('entity_facts')
        .select('entity_ref', 'version', this.facts)
        .where('derivation', this.derivation)
        .whereIn('entity_ref', entityRefs.slice(i, i + CHUNK));
      for (const row of rows) {
        const facts = decode(row.facts);
        if (facts) {
          found.set(row.entity_ref, { version: Number(row.version), facts });
        }
      }
    }
    return found;
  }

  /**
   * Stores the facts unless a newer version is stored already. Several
   * replicas may write at once: each statement takes its row locks in one
   * order (by entity ref, as writeOrder.ts orders keys), so they wait for each
   * other rather than deadlock, and the newest version wins.
   */
  async write(
    entries: Map<string, VersionedFacts>,
    now: number = Date.now(),
  ): Promise<void> {
    const refs = [...entries.keys()].sort(compareCodePoints);
    for (let i = 0; i < refs.length; i += CHUNK) {
      await this.knex('entity_facts')
        .insert(
          refs.slice(i, i + CHUNK).map(ref => ({
            entity_ref: ref,
            derivation: this.derivation,
            version: entries.get(ref)!.version,
            facts: serialize(entries.get(ref)!.facts),
            written_at: now,
          })),
        )
        .onConflict(['entity_ref', 'derivation'])
        .merge(['version', 'facts', 'written_at'])
        .where('entity_facts.version', '<', this.knex.ref('excluded.version'));
    }
  }

  /** Once a day on one replica at a time: {@link deleteAbandoned}. */
  async schedule(scheduler: SchedulerService, logger: LoggerService) {
    await scheduler.scheduleTask({
      id: 'devops-insights-abandoned-facts',
      scope: 'global',
      frequency: { hours: 24 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 5 },
      fn: async () => {
        const deleted = await this.deleteAbandoned(ABANDONED_AFTER_MS);
        if (deleted) logger.info(`Deleted ${deleted} abandoned derived facts`);
      },
    });
  }

  /**
   * Deletes the facts of derivations other than this one that no replica
   * has written for `maxAgeMs` (an older release's, or former settings'),
   * so the table holds at most one row per entity and live derivation.
   */
  async deleteAbandoned(maxAgeMs: number, now: number = Date.now()) {
    const abandoned = this.knex('entity_facts')
      .select('derivation')
      .whereNot('derivation', this.derivation)
      .groupBy('derivation')
      .havingRaw('MAX(written_at) < ?', [now - maxAgeMs]);
    return this.knex('entity_facts').whereIn('derivation', abandoned).delete();
  }
}

function decode(stored: Buffer | Uint8Array | string): EntityFacts | undefined {
  try {
    const value = binaryOf(stored);
    return ownColumns(deserialize(value), value.buffer) as EntityFacts;
  } catch {
    return undefined;
  }
}

/**
 * Gives every typed array that is a view into the decoded value a copy of
 * its own. Node's deserializer returns views for arrays whose bytes happen to
 * be aligned (always for Uint8Arrays) and copies of the others: one view kept
 * would keep the whole value, and the facts would take up to twice the memory
 * factsBytes.ts measures and the cache's budget counts.
 */
function ownColumns(value: unknown, decoded: ArrayBufferLike): unknown {
  if (ArrayBuffer.isView(value)) {
    return value.buffer === decoded
      ? (value as unknown as Float64Array).slice()
      : value;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      object[key] = ownColumns(object[key], decoded);
    }
  }
  return value;
}
