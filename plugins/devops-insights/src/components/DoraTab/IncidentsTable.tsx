import { Link } from '@backstage/core-components';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import type { DevopsInsightsIncidentQuery } from '../../api';
import { formatDateTime } from '../shared/format';
import {
  durationColumn,
  entityColumns,
  incidentColumns,
  sourceLinkColumn,
} from '../shared/listColumns';
import type { PagedColumn } from '../shared/PagedTable';
import { eventKey } from '../shared/sorting';
import { WINDOW_LISTS, WindowListTable } from '../shared/WindowListTable';

function CausedBy(props: { incident: IncidentListItem }) {
  const attributed = props.incident.attributedDeployment;
  if (!attributed) return <>—</>;
  const key = eventKey(attributed);
  const url = attributed.url;
  const how = attributed.explicit ? 'named' : 'by time window';
  return (
    <span
      title={
        attributed.explicit
          ? 'Named by the incident'
          : 'Within the attribution window after the deployment'
      }
    >
      {url ? <Link to={url}>{key}</Link> : key} ({how})
    </span>
  );
}

/** Columns by the list's sort fields; the server sorts and pages. */
function doraIncidentColumns(
  showEntity: boolean,
): PagedColumn<IncidentListItem>[] {
  return [
    incidentColumns.title(),
    ...entityColumns<IncidentListItem>(showEntity),
    incidentColumns.urgency(),
    incidentColumns.created(),
    {
      title: 'Resolved',
      field: 'resolvedAt',
      sortKey: 'resolvedAt',
      render: i => (i.resolvedAt ? formatDateTime(i.resolvedAt) : 'Open'),
    },
    durationColumn('Duration', 'durationSeconds', i => i.durationSeconds),
    {
      title: 'Caused by deployment',
      field: 'attributedDeployment',
      sortKey: 'attributedDeployment',
      render: i => <CausedBy incident={i} />,
    },
    sourceLinkColumn('incident'),
    incidentColumns.postmortem(),
  ];
}

export function IncidentsTable(props: {
  /** The entity and window, and any filter of the list. */
  query: Omit<
    DevopsInsightsIncidentQuery,
    'limit' | 'offset' | 'sort' | 'order' | 'search'
  >;
  showEntity: boolean;
  /** "Incidents" unless narrowed. */
  title?: string;
}) {
  return (
    <WindowListTable
      title={props.title ?? 'Incidents'}
      what="incidents"
      query={props.query}
      list={WINDOW_LISTS.incidents}
      columns={doraIncidentColumns}
      showEntity={props.showEntity}
      emptyText="No incidents in this window."
    />
  );
}
