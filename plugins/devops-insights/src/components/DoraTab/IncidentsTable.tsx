import { useCallback, useMemo } from 'react';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../api';
import type { DevopsInsightsQuery } from '../../api';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { PagedColumn, PagedTable, PageRequest } from '../shared/PagedTable';
import { eventKey } from '../shared/sorting';
import { REF_CELL_STYLE, TEXT_CELL_STYLE } from '../shared/tableStyles';

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
function incidentColumns(showEntity: boolean): PagedColumn<IncidentListItem>[] {
  return [
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
      title: 'Created',
      field: 'createdAt',
      sortKey: 'createdAt',
      render: i => formatDateTime(i.createdAt),
    },
    {
      title: 'Resolved',
      field: 'resolvedAt',
      sortKey: 'resolvedAt',
      render: i => (i.resolvedAt ? formatDateTime(i.resolvedAt) : 'Open'),
    },
    {
      title: 'Duration',
      field: 'durationSeconds',
      sortKey: 'durationSeconds',
      render: i =>
        i.durationSeconds === null ? '—' : formatDuration(i.durationSeconds),
    },
    {
      title: 'Caused by deployment',
      field: 'attributedDeployment',
      sortKey: 'attributedDeployment',
      render: i => <CausedBy incident={i} />,
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

export function IncidentsTable(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const api = useApi(devopsInsightsApiRef);
  const { entityRef, from, to } = props.query;
  const { showEntity } = props;
  const columns = useMemo(() => incidentColumns(showEntity), [showEntity]);
  const fetchPage = useCallback(
    (page: PageRequest) => api.listIncidents({ entityRef, from, to, ...page }),
    [api, entityRef, from, to],
  );
  return (
    <PagedTable<IncidentListItem>
      title="Incidents"
      what="incidents"
      queryKey={`${entityRef} ${from} ${to}`}
      columns={columns}
      fetchPage={fetchPage}
      emptyContent={
        <div style={{ padding: 16 }}>No incidents in this window.</div>
      }
    />
  );
}
