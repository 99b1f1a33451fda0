import type { TimeWindow } from './rows';

/**
 * Appends to the list kept under a key; grouping rows this way stays linear
 * where copying the list on every append would not.
 * @alpha
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The first index in [0, length) at which `before` turns false, for a
 * predicate that holds on a prefix only: the one binary search of the
 * metric functions.
 * @internal
 */
export function partitionPoint(
  length: number,
  before: (index: number) => boolean,
): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is ≥ t in an ascending column. @internal */
export function lowerBound(sorted: ArrayLike<number>, t: number): number {
  return partitionPoint(sorted.length, i => sorted[i] < t);
}

/**
 * Copies the rows of columns sorted by `at` whose time falls in the span.
 * @internal
 */
export function columnsWithin<
  T extends { at: Float64Array } & Record<string, ArrayLike<unknown>>,
>(columns: T, span: TimeWindow): T {
  const start = lowerBound(columns.at, span.from);
  const end = Math.max(start, lowerBound(columns.at, span.to));
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [
      key,
      (column as Float64Array | unknown[]).slice(start, end),
    ]),
  ) as unknown as T;
}
