import { useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { devopsInsightsApiRef } from '../../api';
import type {
  DevopsInsightsIncidentQuery,
  DevopsInsightsQuery,
} from '../../api';
import { MetricsErrorPanel } from '../shared/ErrorPanel';
import { fetchAllPages } from '../shared/fetchAllPages';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { nullsLast } from '../shared/sorting';
import { truncationNote } from '../shared/truncation';
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

/**
 * The incidents of the window, filtered on the server so that the table's
 * cap applies after filtering.
 */
export function IncidentHistory(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const api = useApi(devopsInsightsApiRef);
  const { entityRef, from, to } = props.query;
  const [urgency, setUrgency] = useState<Urgency | typeof ALL>(ALL);
  const [status, setStatus] = useState<Status | typeof ALL>(ALL);

  const state = useAsync(
    () =>
      fetchAllPages((limit, offset) =>
        api.listIncidents({
          entityRef,
          from,
          to,
          limit,
          offset,
          ...(urgency === ALL ? {} : { urgency }),
          ...(status === ALL ? {} : { status }),
        }),
      ),
    [api, entityRef, from, to, urgency, status],
  );

  const columns: TableColumn<IncidentListItem>[] = [
    {
      title: 'Created',
      field: 'createdAt',
      defaultSort: 'desc',
      render: i => formatDateTime(i.createdAt),
    },
    { title: 'Title', field: 'title', render: i => i.title ?? i.id },
    ...(props.showEntity
      ? [
          {
            title: 'Entity',
            field: 'entityRef',
          } as TableColumn<IncidentListItem>,
        ]
      : []),
    {
      title: 'Urgency',
      field: 'urgency',
      render: i => (i.urgency === 'high' ? 'High' : 'Low'),
    },
    {
      title: 'State',
      field: 'resolvedAt',
      customSort: (a, b) => incidentState(a).localeCompare(incidentState(b)),
      render: i => STATE_LABELS[incidentState(i)],
    },
    {
      title: 'Time to acknowledge',
      field: 'acknowledgedAt',
      customSort: nullsLast(i => secondsBetween(i.createdAt, i.acknowledgedAt)),
      render: i => durationCell(secondsBetween(i.createdAt, i.acknowledgedAt)),
    },
    {
      title: 'Time to resolve',
      field: 'durationSeconds',
      customSort: nullsLast(i => i.durationSeconds),
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

  const filters = (
    <Box display="flex" style={{ gap: 8 }} mb={1}>
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
      {state.error ? (
        <MetricsErrorPanel what="incidents" error={state.error} />
      ) : (
        <Table<IncidentListItem>
          title="Incident history"
          subtitle={truncationNote(
            state.value?.items.length ?? 0,
            state.value?.totalCount ?? 0,
          )}
          isLoading={state.loading}
          columns={columns}
          data={state.value?.items ?? []}
          options={{
            paging: true,
            pageSize: 10,
            pageSizeOptions: [10, 25, 50],
            search: true,
            padding: 'dense',
          }}
          emptyContent={
            <div style={{ padding: 16 }}>
              No incidents in this window match the filters.
            </div>
          }
        />
      )}
    </div>
  );
}
