import { MouseEvent, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  MetricWindow,
  RollupTeam,
} from '@devops-insights/backstage-plugin-common';
import { RollupColumn, ROLLUP_COLUMNS } from './columns';
import { downloadCsv, rollupToCsv } from './csv';
import { DefinitionButton } from '../shared/DefinitionButton';
import { TableToolbar } from '../shared/TableToolbar';
import { HEADER_STYLE, REF_CELL_STYLE } from '../shared/tableStyles';
import { groupName } from './groups';
import { useWindowQuery } from '../shared/useMetricsWindow';
import { RollupCell } from './RollupCells';
import { DEFAULT_SORT, depthsOf, SortState, visibleRows } from './visibleRows';

function csvFilename(window: MetricWindow): string {
  return `devops-insights-teams_${window.from.slice(0, 10)}_${window.to.slice(
    0,
    10,
  )}.csv`;
}

/** What a sortable header needs of a column. */
export type HeaderColumn = {
  id: string;
  title: string;
  sortValue?: unknown;
  description?: string;
};

/** A column header: sorts on click when the column has a sort value. */
export function HeaderCell(props: {
  column: HeaderColumn;
  sort: SortState;
  onSort(sort: SortState): void;
}) {
  const { column, sort, onSort } = props;
  const active = sort.columnId === column.id;
  const title = column.title;
  // The definition's button sits beside the sort button, not inside it:
  // nested buttons are unreachable by keyboard and confuse screen readers.
  return (
    <TableCell
      sortDirection={active ? sort.direction : false}
      style={HEADER_STYLE}
    >
      {column.sortValue ? (
        <TableSortLabel
          active={active}
          direction={active ? sort.direction : 'asc'}
          onClick={() =>
            onSort({
              columnId: column.id,
              direction: active && sort.direction === 'asc' ? 'desc' : 'asc',
            })
          }
        >
          {title}
        </TableSortLabel>
      ) : (
        title
      )}
      {column.description && (
        <DefinitionButton
          label={column.title}
          definition={column.description}
        />
      )}
    </TableCell>
  );
}

/**
 * One row per team, sortable and searchable. The CSV export takes the rows
 * in exactly the order and filter shown, through the columns' own texts.
 */
export function RollupTable(props: {
  teams: RollupTeam[];
  window: MetricWindow;
  columns?: RollupColumn[];
}) {
  const { teams, window, columns = ROLLUP_COLUMNS } = props;
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [search, setSearch] = useState('');
  const entityLink = useEntityRefLink();
  const navigate = useNavigate();
  const rows = useMemo(
    () => visibleRows(teams, columns, sort, search),
    [teams, columns, sort, search],
  );
  const depths = useMemo(() => depthsOf(teams), [teams]);
  // The team's page shows the same window as this one.
  const windowQuery = useWindowQuery();
  const doraPage = (team: RollupTeam) =>
    `${entityLink(team.groupRef)}/dora${windowQuery}`;

  return (
    <Paper variant="outlined">
      <TableToolbar
        title="Teams"
        shown={rows.length}
        total={teams.length}
        searchId="devops-insights-rollup-search"
        search={search}
        onSearch={setSearch}
        name="rollup"
        onExport={() => downloadCsv(csvFilename(window), rollupToCsv(rows))}
        spacing={{ p: 2 }}
      />
      <TableContainer>
        <Table size="small" data-testid="rollup-table">
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <HeaderCell
                  key={column.id}
                  column={column}
                  sort={sort}
                  onSort={setSort}
                />
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(team => (
              <TableRow
                key={team.groupRef}
                hover
                style={{ cursor: 'pointer' }}
                data-testid={`rollup-row-${groupName(team.groupRef)}`}
                onClick={(e: MouseEvent) => {
                  // Selecting text in a row should not navigate away.
                  if (!globalThis.getSelection?.()?.toString()) {
                    e.preventDefault();
                    navigate(doraPage(team));
                  }
                }}
              >
                {columns.map(column => (
                  <TableCell
                    key={column.id}
                    data-column={column.id}
                    // A team's name reads as one word, never "Engine/ering".
                    style={column.id === 'team' ? REF_CELL_STYLE : undefined}
                  >
                    <RollupCell
                      team={team}
                      column={column}
                      teamLink={doraPage(team)}
                      depth={depths.get(team.groupRef) ?? 0}
                    />
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  {teams.length === 0
                    ? 'No teams to show.'
                    : `No team matches “${search}”.`}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Paper>
  );
}
