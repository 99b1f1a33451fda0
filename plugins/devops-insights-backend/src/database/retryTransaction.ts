/**
 * Errors after which running the whole transaction again can succeed: a
 * Postgres serialization failure (40001) or deadlock (40P01), SQLite busy
 * (another process holds the file's write lock).
 */
const RETRYABLE_CODES = new Set(['40001', '40P01', 'SQLITE_BUSY']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

export type RetryOptions = {
  /** Runs in all, the first included. Default 6. */
  attempts?: number;
  /** Upper bound of the first backoff, doubled per retry. Default 25 ms. */
  baseDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Runs a transaction, and runs it again from the start when it failed with a
 * retryable error, at most `attempts` times in all, after a jittered
 * exponential backoff ("full jitter": uniform in [0, base·2^retry)) so that
 * the transactions that collided do not collide again in lockstep.
 */
export async function retryTransaction<T>(
  run: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 25;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise(ok => setTimeout(ok, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await sleep(random() * base * 2 ** (attempt - 1));
    }
  }
}
