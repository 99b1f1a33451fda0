import type { CSSProperties } from 'react';

/**
 * Entity refs and ids read as one word: kept on one line (the table scrolls
 * sideways when narrow) rather than broken mid-word.
 */
export const REF_CELL_STYLE: CSSProperties = { whiteSpace: 'nowrap' };

/** Headers never wrap inside a word, nor one letter per line. */
export const HEADER_STYLE: CSSProperties = { whiteSpace: 'nowrap' };
