import type { CSSProperties } from 'react';

/**
 * Entity refs and ids read as one word: kept on one line (the table scrolls
 * sideways when narrow) rather than broken mid-word.
 */
export const REF_CELL_STYLE: CSSProperties = { whiteSpace: 'nowrap' };

/**
 * Free text (incident titles): wraps between words, but the column keeps
 * room for a few of them, so a nowrap ref beside it cannot squeeze it to a
 * few letters a line ("Settleme/nt run").
 */
export const TEXT_CELL_STYLE: CSSProperties = { minWidth: 220 };

/** Headers never wrap inside a word, nor one letter per line. */
export const HEADER_STYLE: CSSProperties = { whiteSpace: 'nowrap' };

/**
 * Options of the small client-side tables (responders, toil sources, toil
 * reports): ten rows a page once there are more, no search box, dense rows.
 */
export function smallTableOptions(rowCount: number) {
  return {
    paging: rowCount > 10,
    pageSize: 10,
    search: false,
    padding: 'dense' as const,
    // Column dragging nests a focusable handle in the sort button.
    draggable: false,
    headerStyle: HEADER_STYLE,
  };
}
