import type {
  BreakdownRow,
  BreakdownTab,
  CoverageNeed,
  CoverageSummary,
  EntityCoverage,
} from '@devops-insights/backstage-plugin-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { DORA_TILES, DoraTileSpec } from '../../DoraTab/doraTileModel';
import { metricCell, metricCellParts } from '../../LeadershipPage/columns';
import type { SortState } from '../../LeadershipPage/visibleRows';
import { TOIL_SIGNALS } from '../../ToilTab/toilSignals';
import { formatDuration, formatHours, formatPer12h, NO_DATA } from '../format';

/**
 * One column of the per-entity table. `text` is exactly what the cell
 * shows, so search and the CSV export use the strings on the screen.
 */
export type BreakdownColumn = {
  id: string;
  title: string;
  kind: 'entity' | 'metric' | 'text' | 'coverage';
  text(row: BreakdownRow): string;
  /** Null ("no data") always sorts last. */
  sortValue(row: BreakdownRow): number | string | null;
  spec?: DoraTileSpec;
  description?: string;
};

/** An entity ref as people read it: `checkout`, `api:wallet-api`, `payments`. */
export function entityName(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  const ns = namespace === 'default' ? '' : `${namespace}/`;
  const lowerKind = kind.toLocaleLowerCase('en-US');
  return lowerKind === 'component' || lowerKind === 'group'
    ? `${ns}${name}`
    : `${lowerKind}:${ns}${name}`;
}

const nameOrEmpty = (ref: string | null) => (ref ? entityName(ref) : '');

const NEED_LABELS: Record<CoverageNeed, string> = {
  deployments: 'no deployment source',
  incidents: 'no incident source',
  rotation: 'no on-call rotation',
};

export function missingLabel(need: CoverageNeed): string {
  return NEED_LABELS[need];
}

/** The coverage cell as text: the sources, then what is missing. */
export function coverageText(coverage: EntityCoverage): string {
  const sources = coverage.sources.length
    ? coverage.sources.map(s => s.source).join(', ')
    : 'no source';
  const missing = coverage.missing.map(m => NEED_LABELS[m.need]);
  return [sources, ...missing].join(' · ');
}

const count = (covered: number, of: number) => `${covered} of ${of}`;

/**
 * "11 of 14 services report deployments · 9 of 14 have an incident source ·
 * 12 of 14 are covered by an on-call rotation".
 */
export function coverageLine(summary: CoverageSummary, noun: string): string {
  const n = summary.entities;
  return [
    `${count(summary.deployments, n)} ${noun} report deployments`,
    `${count(summary.incidents, n)} have an incident source`,
    `${count(summary.rotation, n)} are covered by an on-call rotation`,
  ].join(' · ');
}

const entityColumn: BreakdownColumn = {
  id: 'entity',
  title: 'Entity',
  kind: 'entity',
  text: row => entityName(row.entityRef),
  sortValue: row => entityName(row.entityRef),
};

const coverageColumn: BreakdownColumn = {
  id: 'coverage',
  title: 'Sources',
  kind: 'coverage',
  text: row => coverageText(row.coverage),
  sortValue: row => row.coverage.missing.length,
  description:
    'The sources that sent events for the entity, with the time of the latest, and what is missing: the figures it cannot contribute to until a source sends them.',
};

const textColumn = (
  id: string,
  title: string,
  value: (row: BreakdownRow) => number | null,
  format: (value: number) => string,
  description?: string,
): BreakdownColumn => ({
  id,
  title,
  kind: 'text',
  text: row => {
    const v = value(row);
    return v === null ? NO_DATA : format(v);
  },
  sortValue: value,
  description,
});

const DORA_COLUMNS: BreakdownColumn[] = DORA_TILES.map(spec => ({
  id: spec.key,
  title: spec.title,
  kind: 'metric',
  spec,
  text: row =>
    metricCellParts(
      metricCell(
        { dora: row.dora!.current, previous: row.dora!.previous },
        spec,
      ),
    ).join(' '),
  sortValue: row => spec.value(row.dora!.current),
  description: `${spec.definition} Arrows compare with the previous window of the same length.`,
}));

const signalLabel = (key: string) =>
  TOIL_SIGNALS.find(s => s.key === key)?.label ?? key;

const TOIL_COLUMNS: BreakdownColumn[] = [
  textColumn('toilHours', 'Toil', row => row.toil!.hours, formatHours),
  {
    id: 'topSignal',
    title: 'Top signal',
    kind: 'text',
    text: row => {
      const top = row.toil!.topSignal;
      return top
        ? `${signalLabel(top.key)} (${formatHours(top.hours)})`
        : NO_DATA;
    },
    sortValue: row => row.toil!.topSignal?.hours ?? null,
  },
];

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

const ONCALL_COLUMNS: BreakdownColumn[] = [
  textColumn('incidents', 'Incidents', row => row.onCall!.incidents, String),
  textColumn('pages', 'Pages', row => row.onCall!.pages, String),
  textColumn(
    'pagesPer12h',
    'Pages / 12 h shift',
    row => row.onCall!.pagesPer12h,
    formatPer12h,
    "The entity's interrupting pages per 12 h of level-1 on-call time of the rotations covering it (its own and its owners').",
  ),
  textColumn('mtta', 'MTTA', row => row.onCall!.mttaSeconds, formatDuration),
  textColumn('mttr', 'MTTR', row => row.onCall!.mttrSeconds, formatDuration),
  {
    id: 'rotation',
    title: 'Rotation',
    kind: 'text',
    text: row => yesNo(row.onCall!.rotation),
    sortValue: row => (row.onCall!.rotation ? 1 : 0),
    description:
      'Whether a level-1 shift of its own or its owners’ rotations overlaps the window.',
  },
];

export const BREAKDOWN_COLUMNS: Record<BreakdownTab, BreakdownColumn[]> = {
  dora: [entityColumn, ...DORA_COLUMNS, coverageColumn],
  toil: [entityColumn, ...TOIL_COLUMNS, coverageColumn],
  oncall: [entityColumn, ...ONCALL_COLUMNS, coverageColumn],
};

/**
 * How many of the pooled entities have data for each figure of the tab:
 * "Deployment frequency: 9 of 14".
 */
export function dataCounts(
  tab: BreakdownTab,
  rows: BreakdownRow[],
): Array<{ label: string; count: number; of: number }> {
  const of = rows.length;
  const counted = (label: string, has: (row: BreakdownRow) => boolean) => ({
    label,
    count: rows.filter(has).length,
    of,
  });
  if (tab === 'dora') {
    return DORA_TILES.map(spec =>
      counted(spec.title, row => spec.value(row.dora!.current) !== null),
    );
  }
  if (tab === 'toil') {
    return [counted('Toil', row => (row.toil!.hours ?? 0) > 0)];
  }
  return [
    counted('Incidents', row => row.onCall!.incidents > 0),
    counted('Pages', row => row.onCall!.pages > 0),
  ];
}

export type { SortState };

/** A block of rows under the sub-team that owns them (null: ungrouped). */
export type RowGroup = { ownerRef: string | null; rows: BreakdownRow[] };

/**
 * The rows shown: those whose texts contain the search, sorted by the
 * column (no data last), then grouped by owning sub-team when there is
 * more than one (groups in name order, the team itself first).
 */
export function visibleGroups(
  rows: BreakdownRow[],
  columns: BreakdownColumn[],
  sort: SortState,
  search: string,
  teamRef?: string,
): RowGroup[] {
  const needle = search.trim().toLocaleLowerCase();
  const column = columns.find(c => c.id === sort.columnId) ?? columns[0];
  const shown = rows
    .filter(
      row =>
        !needle ||
        columns.some(c => c.text(row).toLocaleLowerCase().includes(needle)),
    )
    .sort((a, b) => {
      const x = column.sortValue(a);
      const y = column.sortValue(b);
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      const order =
        typeof x === 'string' || typeof y === 'string'
          ? String(x).localeCompare(String(y), 'en')
          : x - y;
      return sort.direction === 'asc' ? order : -order;
    });
  const owners = [...new Set(rows.map(r => r.ownerRef))];
  if (owners.length < 2) return [{ ownerRef: null, rows: shown }];
  return owners
    .sort((a, b) => {
      // The team's own entities first, then its sub-teams' by name.
      if (a === teamRef) return -1;
      if (b === teamRef) return 1;
      return nameOrEmpty(a).localeCompare(nameOrEmpty(b), 'en');
    })
    .map(ownerRef => ({
      ownerRef,
      rows: shown.filter(r => r.ownerRef === ownerRef),
    }))
    .filter(group => group.rows.length > 0);
}

/** Header and cells of the rows shown, in the order shown, for the CSV. */
export function breakdownCsvCells(
  groups: RowGroup[],
  columns: BreakdownColumn[],
): { header: string[]; rows: string[][] } {
  const grouped = groups.some(g => g.ownerRef !== null);
  return {
    header: [...(grouped ? ['Owner'] : []), ...columns.map(c => c.title)],
    rows: groups.flatMap(group =>
      group.rows.map(row => [
        ...(grouped ? [nameOrEmpty(group.ownerRef)] : []),
        ...columns.map(c => c.text(row)),
      ]),
    ),
  };
}
