export type Direction = 'higherIsBetter' | 'lowerIsBetter';

export type Judgement = 'better' | 'worse' | 'unchanged';

export type Change = {
  delta: number;
  /** Signed and in the metric's unit, e.g. "−1 h 5 m". */
  text: string;
  judgement: Judgement;
};

/**
 * The change against the previous window, judged by the metric's direction.
 * A delta that rounds away in display is "unchanged" rather than a
 * "better" next to "0 s". Null when either side has no data.
 */
export function compareToPrevious(
  current: number | null,
  previous: number | null | undefined,
  direction: Direction,
  formatDelta: (delta: number) => string,
): Change | null {
  if (current === null || previous === null || previous === undefined) {
    return null;
  }
  const delta = current - previous;
  const text = formatDelta(delta);
  if (!/^[+−]/.test(text)) return { delta, text, judgement: 'unchanged' };
  const improved = direction === 'higherIsBetter' ? delta > 0 : delta < 0;
  return { delta, text, judgement: improved ? 'better' : 'worse' };
}
