export type Direction = 'higherIsBetter' | 'lowerIsBetter';

export type Judgement = 'better' | 'worse' | 'unchanged';

export type Change = {
  delta: number;
  /** Signed and in the metric's unit, e.g. "−1 h 5 m". */
  text: string;
  judgement: Judgement;
};

/**
 * The smallest change, relative to the previous value, called better or
 * worse: "+39 s" on 34 minutes is noise, not a regression.
 */
export const MIN_RELATIVE_CHANGE = 0.05;

/**
 * The change against the previous window, judged by the metric's direction.
 * A delta that rounds away in display, or that is under MIN_RELATIVE_CHANGE
 * of the previous value, is "unchanged" rather than a "better" next to
 * "0 s". The text is in the unit the current value is shown in. Null when
 * either side has no data.
 */
export function compareToPrevious(
  current: number | null,
  previous: number | null | undefined,
  direction: Direction,
  formatDelta: (delta: number, current: number) => string,
): Change | null {
  if (current === null || previous === null || previous === undefined) {
    return null;
  }
  const delta = current - previous;
  const text = formatDelta(delta, current);
  if (
    !/^[+−]/.test(text) ||
    Math.abs(delta) < MIN_RELATIVE_CHANGE * Math.abs(previous)
  ) {
    return { delta, text, judgement: 'unchanged' };
  }
  const improved = direction === 'higherIsBetter' ? delta > 0 : delta < 0;
  return { delta, text, judgement: improved ? 'better' : 'worse' };
}
