/**
 * The one order in which every writer takes row locks: concurrent
 * transactions that lock the same rows in the same order wait for each other
 * instead of deadlocking (Postgres 40P01). Keys compare by code point, the
 * order of Postgres' "C" collation on UTF-8, so a chunk boundary drawn here
 * agrees with the `ORDER BY ... COLLATE "C"` inside each statement.
 * A deployment's `deployment_changes` rows are no table of their own in this
 * order: they are only written or deleted right after their deployment's row
 * is locked, by the transaction holding that lock (deploymentChanges.ts).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // A surrogate encodes a code point above U+FFFF: it sorts after every
      // unit of the Basic Multilingual Plane, U+E000–U+FFFF included.
      const surrogateX = x >= 0xd800 && x <= 0xdfff;
      const surrogateY = y >= 0xd800 && y <= 0xdfff;
      if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Rows by primary key (source, external_id), in lock order. */
export function byPrimaryKey(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): number {
  return (
    compareCodePoints(a.source as string, b.source as string) ||
    compareCodePoints(a.external_id as string, b.external_id as string)
  );
}
