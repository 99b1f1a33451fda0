import { setTimeout as sleep } from 'node:timers/promises';
import { Knex } from 'knex';
import { binaryOf, selectBinary } from './binaryColumn';

const TABLE = 'rollup_answers';

export type RollupAnswerTimes = {
  /** A claim not renewed for this long is a replica's that stopped. */
  claimMs: number;
  /** How often a claim is renewed while its answer is computed. */
  renewMs: number;
  /** How often a waiting caller looks for the answer. */
  pollMs: number;
  /** How long an answer is kept after it was written. */
  keepMs: number;
};

/**
 * An hour: the rollup of a relative window is asked again under a new
 * stamp every minute (its end moves), one of a fixed window until data
 * arrives, and an answer of a large org is a few hundred kilobytes.
 */
export const DEFAULT_ROLLUP_ANSWER_TIMES: RollupAnswerTimes = {
  claimMs: 30_000,
  renewMs: 5_000,
  pollMs: 200,
  keepMs: 3_600_000,
};

/** The caller's right to compute an answer nobody else is computing. */
export type RollupClaim = {
  /** Stores the answer for every replica and ends the claim. */
  store(gzipped: Uint8Array): Promise<void>;
  /** Ends the claim without an answer (a failed computation); idempotent. */
  release(): Promise<void>;
};

/**
 * Rollup answers in the database (table `rollup_answers`), so that a rollup
 * one replica computed is served, not computed again, by the others and
 * after a restart: at size L a rollup after new data is half a minute of a
 * replica's CPU. Answers are keyed by a stamp of the question and the data
 * it was answered on (service/RollupService.ts), so a stored answer is the
 * answer: never a stale one.
 *
 * The first caller of a stamp claims it and computes; callers of the same
 * stamp on other replicas meanwhile wait for its answer. A claim is renewed
 * while its holder computes, and taken over once it is not (the replica
 * stopped).
 */
export class RollupAnswerStore {
  private readonly answer: string | Knex.Raw;

  constructor(
    private readonly knex: Knex,
    private readonly times: RollupAnswerTimes = DEFAULT_ROLLUP_ANSWER_TIMES,
  ) {
    this.answer = selectBinary(knex, 'answer');
  }

  /**
   * The stored answer of `stamp` (gzipped JSON), after waiting for another
   * replica's claim if one is computing it; or, when nobody holds it, a
   * claim for the caller to compute it.
   */
  async answerOrClaim(
    stamp: string,
  ): Promise<{ gzipped: Uint8Array } | { claim: RollupClaim }> {
    for (;;) {
      const row = await this.knex(TABLE)
        .select(this.answer, 'claimed_at')
        .where('stamp', stamp)
        .first();
      if (row?.answer) return { gzipped: binaryOf(row.answer) };
      const now = Date.now();
      if (row && Number(row.claimed_at) > now - this.times.claimMs) {
        await sleep(this.times.pollMs);
        continue;
      }
      // No row, or a claim its holder stopped renewing: take it, unless
      // another caller just did (then wait for that one).
      const taken = await this.knex(TABLE)
        .insert({ stamp, answer: null, claimed_at: now, updated_at: now })
        .onConflict('stamp')
        .merge(['claimed_at', 'updated_at'])
        .where(`${TABLE}.claimed_at`, '<=', now - this.times.claimMs)
        .whereNull(`${TABLE}.answer`)
        .returning('stamp');
      if (taken.length) return { claim: this.claimOf(stamp) };
    }
  }

  private claimOf(stamp: string): RollupClaim {
    const held = this.knex(TABLE).where('stamp', stamp).whereNull('answer');
    const renewal = setInterval(() => {
      held
        .clone()
        .update({ claimed_at: Date.now() })
        // A renewal that fails (the database restarting) lets another
        // replica take the claim over, which is all it can cost.
        .catch(() => {});
    }, this.times.renewMs);
    renewal.unref();
    return {
      store: async gzipped => {
        clearInterval(renewal);
        const now = Date.now();
        await held
          .clone()
          .update({ answer: Buffer.from(gzipped), updated_at: now });
        await this.knex(TABLE)
          .where('updated_at', '<', now - this.times.keepMs)
          .delete();
      },
      release: async () => {
        clearInterval(renewal);
        await held.clone().delete();
      },
    };
  }
}
