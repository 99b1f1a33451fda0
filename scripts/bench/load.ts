import { Backend } from './backend';
import { api } from './http';

/** Concurrent reads of one kind within a budget, with their latencies. */

export type LoadResult = {
  ok: number;
  errors: number;
  firstError?: string;
  latencies: number[];
  skipped?: string;
};

/** Requests go round robin to the live backends of `backends`. */
export async function load(
  backends: Backend[],
  paths: () => string,
  requests: number,
  concurrency: number,
  budgetMs: number,
): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, latencies: [] };
  const deadline = Date.now() + budgetMs;
  let issued = 0;
  const live = () => backends.filter(b => b.alive);
  const worker = async () => {
    while (issued < requests && Date.now() < deadline && live().length) {
      const targets = live();
      const backend = targets[issued % targets.length];
      issued += 1;
      const path = paths();
      const t0 = performance.now();
      try {
        const res = await api(backend, path, {
          timeoutMs: Math.max(120_000, budgetMs),
        });
        const ms = performance.now() - t0;
        if (res.status === 200) {
          result.ok += 1;
          result.latencies.push(ms);
        } else {
          result.errors += 1;
          result.firstError ??= `${res.status} ${JSON.stringify(res.body).slice(
            0,
            200,
          )}`;
        }
      } catch (error) {
        result.errors += 1;
        result.firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (issued < requests) {
    result.skipped = `${issued}/${requests} requests within the ${
      budgetMs / 1000
    }s budget`;
  }
  return result;
}
