/**
 * Order statistics used by every metric. Kept exact: the figures are checked
 * against hand-computed datasets. They select the ranks they need (expected
 * linear time) instead of sorting, as a rollup evaluates millions of values.
 */

/**
 * Rearranges `a[from..to]` so that `a[k]` holds the value a sort would put
 * there, smaller-or-equal values before it and greater-or-equal after
 * (Hoare's quickselect, median-of-three pivot). Values must not be NaN.
 */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // Order a[lo], a[mid], a[hi]; the middle one is the pivot.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and a[j+1..i-1] equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number) {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The k-th smallest (0-based), then the smallest value after it. */
function rankAndNext(a: Float64Array, k: number): [number, number] {
  select(a, k, 0, a.length - 1);
  let next = Infinity;
  for (let i = k + 1; i < a.length; i++) if (a[i] < next) next = a[i];
  return [a[k], next];
}

/**
 * Median of values, reordering the array: the middle value, or the mean of
 * the two middle values; null for no values. @internal
 */
export function medianInPlace(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const [lower, upper] = rankAndNext(values, (n - 1) >> 1);
  return n % 2 === 1 ? lower : (lower + upper) / 2;
}

/**
 * Continuous percentile (SQL PERCENTILE_CONT) of values, reordering the
 * array: linear interpolation at rank p·(n−1) of the sorted values; null for
 * no values. @internal
 */
export function percentileContInPlace(
  values: Float64Array,
  p: number,
): number | null {
  if (values.length === 0) return null;
  // Integer arithmetic on the rank keeps e.g. p90 of whole seconds exact
  // (0.9 × 3 is 2.7000000000000006 in floating point).
  const scale = 1_000_000;
  const rank = Math.round(p * scale) * (values.length - 1);
  const lowerRank = Math.floor(rank / scale);
  const fraction = rank - lowerRank * scale;
  const [lower, upper] = rankAndNext(values, lowerRank);
  if (fraction === 0) return lower;
  return lower + ((upper - lower) * fraction) / scale;
}

/** The median of a copy of the values (the input is left as it is). @public */
export function median(values: readonly number[]): number | null {
  return medianInPlace(Float64Array.from(values));
}

/** The continuous percentile of a copy of the values (the input is left as it is). @public */
export function percentileCont(
  values: readonly number[],
  p: number,
): number | null {
  return percentileContInPlace(Float64Array.from(values), p);
}
