import { Table, TableColumn } from '@backstage/core-components';
import type { DeploymentListItem } from '@devops-insights/backstage-plugin-common';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { nullsLast } from '../shared/sorting';
import { truncationNote } from '../shared/truncation';

const STATUS_LABELS: Record<DeploymentListItem['status'], string> = {
  success: 'Success',
  failure: 'Failed to deploy',
  cancelled: 'Cancelled',
  in_progress: 'In progress',
};

function failedLabel(failed: boolean | null): string {
  if (failed === null) return 'n/a';
  return failed ? 'Yes' : 'No';
}

export function DeploymentsTable(props: {
  items: DeploymentListItem[];
  totalCount: number;
  loading: boolean;
  showEntity: boolean;
}) {
  const { items, totalCount, loading, showEntity } = props;
  const columns: TableColumn<DeploymentListItem>[] = [
    {
      title: 'Finished',
      field: 'finishedAt',
      defaultSort: 'desc',
      customSort: nullsLast(d => d.finishedAt),
      render: d => formatDateTime(d.finishedAt),
    },
    ...(showEntity
      ? [
          {
            title: 'Entity',
            field: 'entityRef',
          } as TableColumn<DeploymentListItem>,
        ]
      : []),
    { title: 'Environment', field: 'environment' },
    {
      title: 'Status',
      field: 'status',
      render: d => STATUS_LABELS[d.status],
    },
    { title: 'Changes', field: 'changes', type: 'numeric' },
    {
      title: 'Lead time',
      field: 'leadTimeMedianSeconds',
      customSort: nullsLast(d => d.leadTimeMedianSeconds),
      render: d =>
        d.leadTimeMedianSeconds === null
          ? '—'
          : formatDuration(d.leadTimeMedianSeconds),
    },
    {
      title: 'Change failure',
      field: 'failed',
      customSort: nullsLast(d => (d.failed === null ? null : Number(d.failed))),
      render: d => failedLabel(d.failed),
    },
    {
      title: 'Link',
      field: 'url',
      sorting: false,
      render: d => (
        <ExternalLinkCell url={d.url} label={`Open deployment ${d.id}`} />
      ),
    },
  ];
  return (
    <Table<DeploymentListItem>
      title="Deployments"
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
        <div style={{ padding: 16 }}>No deployments in this window.</div>
      }
    />
  );
}
