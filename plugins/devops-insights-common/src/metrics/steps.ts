/**
 * Work that can pause: a generator that yields between chunks of rows, so a
 * server can give other requests a turn in a long computation while tests
 * and other callers run it to the end at once. The result is the same either
 * way, since the steps hold no state but their own.
 * @alpha
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end without pausing. @alpha */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Rows handled between two pauses of a computation: small enough that a
 * chunk takes a few milliseconds, large enough that pausing costs nothing.
 * @alpha
 */
export const ROWS_PER_STEP = 1000;
