import { Link, Table, TableColumn } from '@backstage/core-components';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { eventKey, nullsLast } from '../shared/sorting';
import { truncationNote } from '../shared/truncation';

function CausedBy(props: {
  incident: IncidentListItem;
  deploymentUrls: Map<string, string>;
}) {
  const attributed = props.incident.attributedDeployment;
  if (!attributed) return <>—</>;
  const key = eventKey(attributed);
  const url = props.deploymentUrls.get(key);
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

export function IncidentsTable(props: {
  items: IncidentListItem[];
  totalCount: number;
  loading: boolean;
  showEntity: boolean;
  /** Deployment links by "source/id", to link the causing deployment. */
  deploymentUrls: Map<string, string>;
}) {
  const { items, totalCount, loading, showEntity, deploymentUrls } = props;
  const columns: TableColumn<IncidentListItem>[] = [
    {
      title: 'Title',
      field: 'title',
      render: i => i.title ?? i.id,
    },
    ...(showEntity
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
      title: 'Created',
      field: 'createdAt',
      defaultSort: 'desc',
      render: i => formatDateTime(i.createdAt),
    },
    {
      title: 'Resolved',
      field: 'resolvedAt',
      customSort: nullsLast(i => i.resolvedAt),
      render: i => (i.resolvedAt ? formatDateTime(i.resolvedAt) : 'Open'),
    },
    {
      title: 'Duration',
      field: 'durationSeconds',
      customSort: nullsLast(i => i.durationSeconds),
      render: i =>
        i.durationSeconds === null ? '—' : formatDuration(i.durationSeconds),
    },
    {
      title: 'Caused by deployment',
      field: 'attributedDeployment',
      customSort: nullsLast(i =>
        i.attributedDeployment ? eventKey(i.attributedDeployment) : null,
      ),
      render: i => <CausedBy incident={i} deploymentUrls={deploymentUrls} />,
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
  return (
    <Table<IncidentListItem>
      title="Incidents"
      subtitle={truncationNote(items.length, totalCount)}
      isLoading={loading}
      columns={columns}
      data={items}
      options={{
        paging: true,
        pageSize: 10,
        pageSizeOptions: [10, 25, 50],
        search: true,
        padding: 'dense',
      }}
      emptyContent={
        <div style={{ padding: 16 }}>No incidents in this window.</div>
      }
    />
  );
}
