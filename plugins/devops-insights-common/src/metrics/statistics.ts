/**
 * Order statistics used by every metric. Kept exact: the figures are checked
 * against hand-computed datasets.
 */

/** A numeric typed array sorts by value natively, much faster than a comparator. */
function sorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Middle value, or the mean of the two middle values; null for no values. @public */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(sorted(values));
}

/** {@link median} of values already sorted ascending. @public */
export function medianOfSorted(s: ArrayLike<number>): number | null {
  if (s.length === 0) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Continuous percentile (SQL PERCENTILE_CONT): linear interpolation at rank
 * p·(n−1) of the sorted values; null for no values. @public
 */
export function percentileCont(
  values: readonly number[],
  p: number,
): number | null {
  return percentileContOfSorted(sorted(values), p);
}

/** {@link percentileCont} of values already sorted ascending. @public */
export function percentileContOfSorted(
  s: ArrayLike<number>,
  p: number,
): number | null {
  if (s.length === 0) return null;
  // Integer arithmetic on the rank keeps e.g. p90 of whole seconds exact
  // (0.9 × 3 is 2.7000000000000006 in floating point).
  const scale = 1_000_000;
  const rank = Math.round(p * scale) * (s.length - 1);
  const lower = Math.floor(rank / scale);
  const fraction = rank - lower * scale;
  if (fraction === 0) return s[lower];
  return s[lower] + ((s[lower + 1] - s[lower]) * fraction) / scale;
}
