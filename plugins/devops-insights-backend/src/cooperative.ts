import { Steps } from '@devops-insights/backstage-plugin-common';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long a read may run before it lets other requests in: well under the
 * ~100 ms a concurrent request may wait, and long enough that the pauses cost
 * nothing measurable.
 */
const SLICE_MS = 20;

/**
 * Cooperative time slicing for one request: `pause()` returns at once while
 * the current slice lasts and otherwise waits one turn of the event loop, so
 * I/O and other requests' work run between the chunks of a long computation.
 */
export class TimeSlice {
  private started: number;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.started = clock();
  }

  async pause(): Promise<void> {
    if (this.clock() - this.started < SLICE_MS) return;
    await nextTurn();
    this.started = this.clock();
  }
}

/** Runs steps to the end, pausing between them when the slice is used up. */
export async function runCooperatively<T>(
  steps: Steps<T>,
  slice = new TimeSlice(),
): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await slice.pause();
  }
}
