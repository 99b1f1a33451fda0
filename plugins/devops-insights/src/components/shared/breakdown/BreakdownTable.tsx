import { Fragment, MouseEvent, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import type {
  BreakdownResponse,
  BreakdownRow,
  BreakdownTab,
} from '@devops-insights/backstage-plugin-common';
import { downloadCsv, tableToCsv } from '../../LeadershipPage/csv';
import { metricCell } from '../../LeadershipPage/columns';
import { MetricCellView } from '../../LeadershipPage/RollupCells';
import { HeaderCell } from '../../LeadershipPage/RollupTable';
import { NO_DATA } from '../format';
import { REF_CELL_STYLE } from '../tableStyles';
import { TableToolbar } from '../TableToolbar';
import { useWindowQuery } from '../useMetricsWindow';
import {
  BREAKDOWN_COLUMNS,
  BreakdownColumn,
  breakdownCsvCells,
  entityName,
  SortState,
  visibleGroups,
} from './breakdownModel';
import { CoverageCell } from './CoverageCell';

const COVERAGE_CELL_STYLE = { minWidth: 340 };

/** The entity tab a row opens, per tab (the routes of alpha.ts and plugin.ts). */
const TAB_PATHS: Record<BreakdownTab, string> = {
  dora: 'dora',
  toil: 'toil',
  oncall: 'oncall',
};

function Cell(props: { row: BreakdownRow; column: BreakdownColumn }) {
  const { row, column } = props;
  switch (column.kind) {
    case 'entity':
      return (
        <span
          style={REF_CELL_STYLE}
          // The row navigates to the tab; the link goes to the entity itself.
          onClickCapture={(e: MouseEvent) => e.stopPropagation()}
        >
          <EntityRefLink entityRef={row.entityRef} defaultKind="component" />
        </span>
      );
    case 'metric':
      return (
        <MetricCellView
          model={metricCell(
            { dora: row.dora!.current, previous: row.dora!.previous },
            column.spec!,
          )}
        />
      );
    case 'coverage':
      return <CoverageCell coverage={row.coverage} />;
    default: {
      const text = column.text(row);
      return text === NO_DATA ? (
        <Typography variant="body2" color="textSecondary" component="span">
          {text}
        </Typography>
      ) : (
        <>{text}</>
      );
    }
  }
}

/**
 * One row per pooled entity, sub-teams' entities under their sub-team
 * (collapsible); sortable, searchable, and exported to CSV exactly as shown.
 * A row opens the entity's own tab in the same window.
 */
export function BreakdownTable(props: { breakdown: BreakdownResponse }) {
  const { breakdown } = props;
  const columns = BREAKDOWN_COLUMNS[breakdown.tab];
  const [sort, setSort] = useState<SortState>({
    columnId: 'entity',
    direction: 'asc',
  });
  const [search, setSearch] = useState('');
  const [collapsed, setCollapsed] = useState(new Set<string>());
  const groups = useMemo(
    () =>
      visibleGroups(breakdown.rows, columns, sort, search, breakdown.entityRef),
    [breakdown, columns, sort, search],
  );
  const shown = groups.reduce((n, g) => n + g.rows.length, 0);
  const entityLink = useEntityRefLink();
  const navigate = useNavigate();
  const windowQuery = useWindowQuery();
  const toggle = (owner: string) =>
    setCollapsed(previous => {
      const next = new Set(previous);
      if (next.has(owner)) next.delete(owner);
      else next.add(owner);
      return next;
    });
  const exportCsv = () => {
    const { header, rows } = breakdownCsvCells(groups, columns);
    downloadCsv(
      `devops-insights-${breakdown.tab}-${entityName(
        breakdown.entityRef,
      ).replace(/[^\w.-]+/g, '-')}_${breakdown.window.from.slice(
        0,
        10,
      )}_${breakdown.window.to.slice(0, 10)}.csv`,
      tableToCsv(header, rows),
    );
  };

  return (
    <Box data-testid="breakdown">
      <TableToolbar
        title="By entity"
        shown={shown}
        total={breakdown.rows.length}
        searchId={`devops-insights-breakdown-search-${breakdown.tab}`}
        search={search}
        onSearch={setSearch}
        name="breakdown"
        onExport={exportCsv}
        spacing={{ mb: 1 }}
      />
      <TableContainer>
        <Table size="small" data-testid="breakdown-table">
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
            {groups.map(group => {
              const owner = group.ownerRef;
              const closed = owner !== null && collapsed.has(owner);
              return (
                <Fragment key={owner ?? 'all'}>
                  {owner !== null && (
                    <TableRow
                      data-testid={`breakdown-group-${entityName(owner)}`}
                    >
                      <TableCell colSpan={columns.length}>
                        <IconButton
                          size="small"
                          aria-expanded={!closed}
                          aria-label={`${closed ? 'Show' : 'Hide'} ${entityName(
                            owner,
                          )}`}
                          onClick={() => toggle(owner)}
                        >
                          {closed ? <ExpandMore /> : <ExpandLess />}
                        </IconButton>
                        <EntityRefLink entityRef={owner} defaultKind="group" />{' '}
                        <Typography
                          variant="caption"
                          color="textSecondary"
                          component="span"
                        >
                          {group.rows.length}{' '}
                          {group.rows.length === 1 ? 'entity' : 'entities'}
                          {owner === breakdown.entityRef
                            ? ' owned by the team itself'
                            : ''}
                        </Typography>
                      </TableCell>
                    </TableRow>
                  )}
                  {!closed &&
                    group.rows.map(row => (
                      <TableRow
                        key={row.entityRef}
                        hover
                        style={{ cursor: 'pointer' }}
                        data-testid={`breakdown-row-${entityName(
                          row.entityRef,
                        )}`}
                        onClick={(e: MouseEvent) => {
                          // Selecting text in a row should not navigate away.
                          if (!globalThis.getSelection?.()?.toString()) {
                            e.preventDefault();
                            navigate(
                              `${entityLink(row.entityRef)}/${
                                TAB_PATHS[breakdown.tab]
                              }${windowQuery}`,
                            );
                          }
                        }}
                      >
                        {columns.map(column => (
                          <TableCell
                            key={column.id}
                            data-column={column.id}
                            // Sources and hints keep room to read as lines,
                            // not a word a line; the table scrolls instead.
                            style={
                              column.kind === 'coverage'
                                ? COVERAGE_CELL_STYLE
                                : undefined
                            }
                          >
                            <Cell row={row} column={column} />
                          </TableCell>
                        ))}
                      </TableRow>
                    ))}
                </Fragment>
              );
            })}
            {shown === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  {breakdown.rows.length === 0
                    ? 'It pools no entities.'
                    : `No entity matches “${search}”.`}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
