import { isWholeWeek } from '@devops-insights/backstage-plugin-common';

/**
 * The whole weeks of a weekly series, and a note on the part weeks left out:
 * a window rarely starts on a Monday or ends on a Sunday night, and its
 * clipped first and last weeks would read as drops next to full weeks.
 */
export function wholeWeeks<T extends { from: string; to: string }>(
  weekly: T[],
): { weeks: T[]; note: string | null } {
  const weeks = weekly.filter(isWholeWeek);
  const leftOut = weekly.length - weeks.length;
  return {
    weeks,
    note:
      leftOut === 0
        ? null
        : `Whole weeks (Monday–Sunday, UTC) only: the window's ${
            leftOut === 1 ? 'part week counts' : 'part weeks count'
          } in the figures above but ${
            leftOut === 1 ? 'is' : 'are'
          } not drawn.`,
  };
}

/** Fewer points than this are drawn as dots: a line through two says little. */
export const MIN_POINTS_FOR_LINE = 3;
