import { useCallback, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../api';
import type {
  DevopsInsightsIncidentQuery,
  DevopsInsightsQuery,
} from '../../api';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { useOnPageStyles } from '../shared/onPage';
import { PagedColumn, PagedTable, PageRequest } from '../shared/PagedTable';
import { REF_CELL_STYLE, TEXT_CELL_STYLE } from '../shared/tableStyles';
import { incidentState, secondsBetween } from './incidentState';

type Urgency = NonNullable<DevopsInsightsIncidentQuery['urgency']>;
type Status = NonNullable<DevopsInsightsIncidentQuery['status']>;

const ALL = 'all';

const STATE_LABELS: Record<Status, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

function durationCell(seconds: number | null) {
  return seconds === null ? '—' : formatDuration(seconds);
}

/** Columns by the incident list's sort fields; the server sorts and pages. */
function historyColumns(showEntity: boolean): PagedColumn<IncidentListItem>[] {
  return [
    {
      title: 'Created',
      field: 'createdAt',
      sortKey: 'createdAt',
      render: i => formatDateTime(i.createdAt),
    },
    {
      title: 'Title',
      field: 'title',
      sortKey: 'title',
      render: i => i.title ?? i.id,
      cellStyle: TEXT_CELL_STYLE,
    },
    ...(showEntity
      ? [
          {
            title: 'Entity',
            field: 'entityRef',
            sortKey: 'entityRef',
            cellStyle: REF_CELL_STYLE,
          } as PagedColumn<IncidentListItem>,
        ]
      : []),
    {
      title: 'Urgency',
      field: 'urgency',
      sortKey: 'urgency',
      render: i => (i.urgency === 'high' ? 'High' : 'Low'),
    },
    {
      title: 'State',
      field: 'resolvedAt',
      sortKey: 'state',
      render: i => STATE_LABELS[incidentState(i)],
    },
    {
      title: 'Time to acknowledge',
      field: 'acknowledgedAt',
      sortKey: 'timeToAcknowledge',
      render: i => durationCell(secondsBetween(i.createdAt, i.acknowledgedAt)),
    },
    {
      title: 'Time to resolve',
      field: 'durationSeconds',
      sortKey: 'durationSeconds',
      render: i => durationCell(i.durationSeconds),
    },
    {
      title: 'Link',
      field: 'url',
      sorting: false,
      render: i => (
        <ExternalLinkCell url={i.url} label={`Open incident ${i.id}`} />
      ),
    },
    {
      title: 'Postmortem',
      field: 'postmortemUrl',
      sorting: false,
      render: i =>
        i.postmortemUrl ? <Link to={i.postmortemUrl}>Postmortem</Link> : '—',
    },
  ];
}

/** The incidents of the window, filtered, sorted and paged on the server. */
export function IncidentHistory(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const api = useApi(devopsInsightsApiRef);
  const { entityRef, from, to } = props.query;
  const [urgency, setUrgency] = useState<Urgency | typeof ALL>(ALL);
  const [status, setStatus] = useState<Status | typeof ALL>(ALL);
  const onPage = useOnPageStyles();

  const columns = useMemo(
    () => historyColumns(props.showEntity),
    [props.showEntity],
  );
  const fetchPage = useCallback(
    (page: PageRequest) =>
      api.listIncidents({
        entityRef,
        from,
        to,
        ...page,
        ...(urgency === ALL ? {} : { urgency }),
        ...(status === ALL ? {} : { status }),
      }),
    [api, entityRef, from, to, urgency, status],
  );

  const filters = (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      mb={1}
      className={onPage.onPage}
    >
      <TextField
        select
        label="Urgency"
        size="small"
        variant="outlined"
        value={urgency}
        onChange={e => setUrgency(e.target.value as Urgency)}
        id="oncall-incidents-urgency"
        style={{ minWidth: 140 }}
      >
        <MenuItem value={ALL}>All urgencies</MenuItem>
        <MenuItem value="high">High</MenuItem>
        <MenuItem value="low">Low</MenuItem>
      </TextField>
      <TextField
        select
        label="State"
        size="small"
        variant="outlined"
        value={status}
        onChange={e => setStatus(e.target.value as Status)}
        id="oncall-incidents-status"
        style={{ minWidth: 160 }}
      >
        <MenuItem value={ALL}>All states</MenuItem>
        {(Object.keys(STATE_LABELS) as Status[]).map(key => (
          <MenuItem key={key} value={key}>
            {STATE_LABELS[key]}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );

  return (
    <div data-testid="oncall-incidents">
      {filters}
      <PagedTable<IncidentListItem>
        title="Incident history"
        what="incidents"
        queryKey={`${entityRef} ${from} ${to} ${urgency} ${status}`}
        columns={columns}
        fetchPage={fetchPage}
        emptyContent={
          <div style={{ padding: 16 }}>
            No incidents in this window match the filters.
          </div>
        }
      />
    </div>
  );
}
