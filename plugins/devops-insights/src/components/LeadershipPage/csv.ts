import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import type { RollupColumn } from './columns';

/**
 * Spreadsheet apps run a cell starting with = + - @ as a formula; a team
 * title is catalog data anyone may write, so such a cell gets a leading
 * apostrophe (OWASP's advice). Our own figures never start with these.
 */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  const safe = defuse(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The table as CSV (RFC 4180, CRLF): the given columns' titles, then one
 * line per row with the exact texts the cells show. Pass the rows in the
 * table's current order and filter (see visibleRows).
 */
export function rollupToCsv(
  rows: RollupTeam[],
  columns: RollupColumn[],
): string {
  const lines = [
    columns.map(column => quote(column.title)),
    ...rows.map(row => columns.map(column => quote(column.text(row)))),
  ];
  return `${lines.map(cells => cells.join(',')).join('\r\n')}\r\n`;
}

/** Saves the CSV through a temporary Blob link. */
export function downloadCsv(filename: string, csv: string): void {
  // The BOM makes Excel read the file as UTF-8 ("−", "▲", "·").
  const blob = new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
