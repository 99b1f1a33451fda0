import type {
  PerformanceBand,
  RollupMetricKey,
  RollupTeam,
} from '@devops-insights/backstage-plugin-common';
import { DORA_TILES, DoraTileSpec } from '../DoraTab/doraTileModel';
import {
  isOverCapacity,
  OVER_CAPACITY_LABEL,
  TOIL_STATUS,
} from '../ToilTab/toilTileModel';
import { Change, compareToPrevious } from '../shared/delta';
import { formatPer12h, formatPercent, NO_DATA } from '../shared/format';
import { BAND_STYLES } from '../shared/palette';

/** The four DORA metrics that have bands, in the order DORA lists them. */
export const ROLLUP_METRICS: RollupMetricKey[] = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore',
];

export const ROLLUP_METRIC_SPECS = ROLLUP_METRICS.map(
  key => DORA_TILES.find(tile => tile.key === key)!,
);

/** What a metric cell shows: the value, its band and the move since before. */
export type MetricCellModel = {
  value: string | null;
  band: PerformanceBand | null;
  change: Change | null;
};

export function metricCell(
  team: Pick<RollupTeam, 'dora' | 'previous'>,
  spec: DoraTileSpec,
): MetricCellModel {
  const current = spec.value(team.dora);
  return {
    value: current === null ? null : spec.format(current),
    band: spec.band?.(team.dora) ?? null,
    change: compareToPrevious(
      current,
      spec.value(team.previous),
      spec.direction,
      spec.formatDelta,
    ),
  };
}

/** "▲ +0.4 / day better"; the word is there so colour is never the only cue. */
export function changeText(change: Change): string {
  if (change.judgement === 'unchanged') return '▬ unchanged';
  return `${change.delta > 0 ? '▲' : '▼'} ${change.text} ${change.judgement}`;
}

/** The cell's fragments in display order; the cell and the CSV join them. */
export function metricCellParts(model: MetricCellModel): string[] {
  if (model.value === null) return [NO_DATA];
  const parts = [model.value];
  if (model.band) parts.push(BAND_STYLES[model.band].label);
  if (model.change) parts.push(changeText(model.change));
  return parts;
}

export type ColumnKind =
  | 'team'
  | 'number'
  | 'metric'
  | 'toil'
  | 'pages'
  | 'sparkline';

/**
 * One table column. `text` is exactly what the cell shows, so the CSV export
 * and the search use the same strings as the screen.
 */
export type RollupColumn = {
  id: string;
  title: string;
  kind: ColumnKind;
  text(team: RollupTeam): string;
  /** Sort key; null ("no data") always sorts last. Absent: not sortable. */
  sortValue?(team: RollupTeam): number | string | null;
  /** For metric columns, the DORA definition. */
  spec?: DoraTileSpec;
  /** Hover help on the header. */
  description?: string;
};

/**
 * Deployments per whole ISO week (the rollup leaves part weeks out); "No
 * data" rather than a flat line of zeros.
 */
export function sparklineText(team: RollupTeam): string {
  if (team.dora.deploymentFrequency.perDay === null || !team.weekly.length) {
    return NO_DATA;
  }
  return `Deployments per whole week: ${team.weekly
    .map(week => week.deployments)
    .join(', ')}`;
}

/**
 * Under a parent's name: its row sums up its sub-teams, and it is counted
 * as a team of its own only for the services it owns itself.
 */
export function summaryNote(team: RollupTeam): string {
  const subTeams = `${team.subTeams} sub-team${team.subTeams === 1 ? '' : 's'}`;
  if (!team.own) return `Summary of ${subTeams}`;
  const own = `${team.own.services} own service${
    team.own.services === 1 ? '' : 's'
  }`;
  return `Summary of ${subTeams} and ${own}`;
}

export function toilParts(team: RollupTeam): string[] {
  if (team.toil.share === null) return [NO_DATA];
  if (isOverCapacity(team.toil.share)) return [OVER_CAPACITY_LABEL];
  const parts = [formatPercent(team.toil.share)];
  if (team.toil.status) parts.push(TOIL_STATUS[team.toil.status].label);
  return parts;
}

export const ROLLUP_COLUMNS: RollupColumn[] = [
  {
    id: 'team',
    title: 'Team',
    kind: 'team',
    text: team => team.title,
    sortValue: team => team.title.toLocaleLowerCase(),
    description:
      'Each row pools the team and all its sub-teams. Sub-teams are indented under their parent, whose row sums them up; band counts and movers count each team once (a parent only for the services it owns itself).',
  },
  {
    id: 'services',
    title: 'Services',
    kind: 'number',
    text: team => String(team.services),
    sortValue: team => team.services,
    description:
      'Components, APIs and Resources the team or its sub-teams own.',
  },
  ...ROLLUP_METRIC_SPECS.map(
    (spec): RollupColumn => ({
      id: spec.key,
      title: spec.title,
      kind: 'metric',
      spec,
      text: team => metricCellParts(metricCell(team, spec)).join(' '),
      sortValue: team => spec.value(team.dora),
      description: `${spec.definition} Arrows compare with the previous window of the same length.`,
    }),
  ),
  {
    id: 'toil',
    title: 'Toil share',
    kind: 'toil',
    text: team => toilParts(team).join(' '),
    sortValue: team => team.toil.share,
    description:
      'Toil hours ÷ working time of the team. Healthy below 25 %, at risk up to 50 %, over cap above.',
  },
  {
    id: 'pagesPer12h',
    title: 'Pages / 12 h shift',
    kind: 'pages',
    text: team =>
      team.pagesPer12h === null ? NO_DATA : formatPer12h(team.pagesPer12h),
    sortValue: team => team.pagesPer12h,
    description:
      "Interrupting pages of the team's services per 12 h of level-1 on-call coverage; the SRE workbook suggests at most 2. " +
      "It counts pages, not incidents: the On-call tab's incidents per 12 h count each incident once, however many people it paged.",
  },
  {
    id: 'weekly',
    title: 'Weekly deployments',
    kind: 'sparkline',
    text: sparklineText,
  },
];
