/**
 * How versions of one event (same type, source and id) are ordered when
 * they arrive out of order: by the source's own time of the state each
 * describes, the event's `updatedAt`. The event store applies these to its
 * rows (epoch milliseconds); test doubles of the store apply them to events.
 */

/**
 * A source time as epoch milliseconds or ISO text; null or undefined when unknown.
 *
 * @public
 */
export type SourceTime = number | string | null | undefined;

function millis(value: SourceTime): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Date.parse(value);
}

/**
 * Whether a version updated at `incoming` loses to the stored version
 * updated at `stored`: only when both times are known and the incoming one
 * is strictly older. An equal time replaces (the later delivery wins), and
 * without a time on either side the incoming version replaces as it always
 * did.
 * @public
 */
export function isOlderVersion(stored: SourceTime, incoming: SourceTime) {
  const before = millis(stored);
  const after = millis(incoming);
  return before !== null && after !== null && after < before;
}

/**
 * The earliest of two known times, for fields where the first occurrence
 * wins (an incident's first acknowledgement); null when neither is known.
 * @public
 */
export function earliestTime(a: SourceTime, b: SourceTime): number | null {
  const x = millis(a);
  const y = millis(b);
  if (x === null) return y;
  if (y === null) return x;
  return Math.min(x, y);
}
