/**
 * Comparator for table columns that may hold null ("no data"): nulls sort
 * after every value in ascending order, so they never pose as the smallest.
 */
export function nullsLast<T>(pick: (row: T) => number | string | null) {
  return (a: T, b: T): number => {
    const x = pick(a);
    const y = pick(b);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    if (x < y) return -1;
    return x > y ? 1 : 0;
  };
}

/** Key that names an event across sources, as the API's references do. */
export function eventKey(ref: { source: string; id: string }): string {
  return `${ref.source}/${ref.id}`;
}
