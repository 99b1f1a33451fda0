import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import type { DoraTileSpec } from '../DoraTab/doraTileModel';
import { metricCell, ROLLUP_METRIC_SPECS } from './columns';

/**
 * Spreadsheet apps run a cell starting with = + - @ as a formula; a team
 * title is catalog data anyone may write, so such a cell gets a leading
 * apostrophe (OWASP's advice). Negative numbers are our own figures and stay numbers.
 */
function defuse(value: string): string {
  if (/^-\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  const safe = defuse(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number as a spreadsheet reads it: no grouping, at most 6 decimals. */
function numberText(value: number | null): string {
  if (value === null) return '';
  return String(Math.round(value * 1e6) / 1e6);
}

type CsvField = { title: string; value(team: RollupTeam): string };

/**
 * Per DORA metric: the value in a fixed unit, its band, the previous
 * window's value, the change and its judgement, each in its own column.
 */
function metricFields(spec: DoraTileSpec, unit: string): CsvField[] {
  const cell = (team: RollupTeam) => metricCell(team, spec).change;
  return [
    {
      title: `${spec.title} (${unit})`,
      value: team => numberText(spec.value(team.dora)),
    },
    {
      title: `${spec.title} band`,
      value: team => spec.band?.(team.dora) ?? '',
    },
    {
      title: `${spec.title} previous window (${unit})`,
      value: team => numberText(spec.value(team.previous)),
    },
    {
      title: `${spec.title} change (${unit})`,
      value: team => numberText(cell(team)?.delta ?? null),
    },
    {
      title: `${spec.title} judgement`,
      value: team => cell(team)?.judgement ?? '',
    },
  ];
}

const METRIC_UNITS: Record<string, string> = {
  deploymentFrequency: 'per day',
  leadTimeForChanges: 'seconds',
  changeFailureRate: 'ratio 0-1',
  timeToRestore: 'seconds',
};

/**
 * The export's columns: numbers in fixed units (seconds, ratios 0–1, per
 * day, per 12 h), never screen text, so that a spreadsheet can compute with
 * them. An empty field is "no data". Bands and toil status are the API's
 * keys ("elite", "over-cap").
 */
export const CSV_FIELDS: CsvField[] = [
  { title: 'Team', value: team => team.title },
  { title: 'Group ref', value: team => team.groupRef },
  { title: 'Parent group ref', value: team => team.parentRef ?? '' },
  {
    title: 'Row',
    value: team => (team.subTeams > 0 ? 'summary of sub-teams' : 'team'),
  },
  { title: 'Services', value: team => String(team.services) },
  ...ROLLUP_METRIC_SPECS.flatMap(spec =>
    metricFields(spec, METRIC_UNITS[spec.key]),
  ),
  {
    title: 'Toil share (ratio 0-1)',
    value: team => numberText(team.toil.share),
  },
  { title: 'Toil (hours)', value: team => numberText(team.toil.hours) },
  { title: 'Toil status', value: team => team.toil.status ?? '' },
  {
    title: 'Pages per 12 h of level-1 on-call',
    value: team => numberText(team.pagesPer12h),
  },
  {
    title: 'Deployments per whole week (oldest first)',
    value: team =>
      team.dora.deploymentFrequency.perDay === null
        ? ''
        : team.weekly.map(week => week.deployments).join(' '),
  },
];

/**
 * The rows as CSV (RFC 4180, CRLF), in the table's current order and filter
 * (see visibleRows), with the fields of CSV_FIELDS.
 */
export function rollupToCsv(rows: RollupTeam[]): string {
  return tableToCsv(
    CSV_FIELDS.map(field => field.title),
    rows.map(row => CSV_FIELDS.map(field => field.value(row))),
  );
}

/** A header and rows of cell texts as CSV (RFC 4180, CRLF), cells defused. */
export function tableToCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map(cells => cells.map(quote).join(','));
  return `${lines.join('\r\n')}\r\n`;
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
