import { useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import type {
  DevopsInsightsIncidentQuery,
  DevopsInsightsQuery,
} from '../../api';
import {
  durationColumn,
  entityColumns,
  incidentColumns,
  sourceLinkColumn,
} from '../shared/listColumns';
import { useOnPageStyles } from '../shared/onPage';
import type { PagedColumn } from '../shared/PagedTable';
import { WINDOW_LISTS, WindowListTable } from '../shared/WindowListTable';
import { incidentState, secondsBetween } from './incidentState';

type Urgency = NonNullable<DevopsInsightsIncidentQuery['urgency']>;
type Status = NonNullable<DevopsInsightsIncidentQuery['status']>;

const ALL = 'all';

const STATE_LABELS: Record<Status, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** Columns by the incident list's sort fields; the server sorts and pages. */
function historyColumns(showEntity: boolean): PagedColumn<IncidentListItem>[] {
  return [
    incidentColumns.created(),
    incidentColumns.title(),
    ...entityColumns<IncidentListItem>(showEntity),
    incidentColumns.urgency(),
    {
      title: 'State',
      field: 'resolvedAt',
      sortKey: 'state',
      render: i => STATE_LABELS[incidentState(i)],
    },
    durationColumn(
      'Time to acknowledge',
      'acknowledgedAt',
      i => secondsBetween(i.createdAt, i.acknowledgedAt),
      'timeToAcknowledge',
    ),
    durationColumn(
      'Time to resolve',
      'durationSeconds',
      i => i.durationSeconds,
    ),
    sourceLinkColumn('incident'),
    incidentColumns.postmortem(),
  ];
}

/** The incidents of the window, filtered, sorted and paged on the server. */
export function IncidentHistory(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const [urgency, setUrgency] = useState<Urgency | typeof ALL>(ALL);
  const [status, setStatus] = useState<Status | typeof ALL>(ALL);
  const onPage = useOnPageStyles();

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
      <WindowListTable
        title="Incident history"
        what="incidents"
        query={{
          ...props.query,
          urgency: urgency === ALL ? undefined : urgency,
          status: status === ALL ? undefined : status,
        }}
        list={WINDOW_LISTS.incidents}
        columns={historyColumns}
        showEntity={props.showEntity}
        emptyText="No incidents in this window match the filters."
      />
    </div>
  );
}
