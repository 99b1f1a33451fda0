import { useCallback, useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { DeploymentListItem } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../api';
import type { DevopsInsightsQuery } from '../../api';
import { formatDateTime, formatDuration } from '../shared/format';
import { ExternalLinkCell } from '../shared/LinkCells';
import { PagedColumn, PagedTable, PageRequest } from '../shared/PagedTable';
import { REF_CELL_STYLE } from '../shared/tableStyles';

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

/** Columns by the list's sort fields; the server sorts and pages. */
function deploymentColumns(
  showEntity: boolean,
): PagedColumn<DeploymentListItem>[] {
  return [
    {
      title: 'Finished',
      field: 'finishedAt',
      sortKey: 'finishedAt',
      render: d => formatDateTime(d.finishedAt),
    },
    ...(showEntity
      ? [
          {
            title: 'Entity',
            field: 'entityRef',
            sortKey: 'entityRef',
            cellStyle: REF_CELL_STYLE,
          } as PagedColumn<DeploymentListItem>,
        ]
      : []),
    { title: 'Environment', field: 'environment', sortKey: 'environment' },
    {
      title: 'Status',
      field: 'status',
      sortKey: 'status',
      render: d => STATUS_LABELS[d.status],
    },
    { title: 'Changes', field: 'changes', sortKey: 'changes', type: 'numeric' },
    {
      title: 'Lead time',
      field: 'leadTimeMedianSeconds',
      sortKey: 'leadTimeMedianSeconds',
      render: d =>
        d.leadTimeMedianSeconds === null
          ? '—'
          : formatDuration(d.leadTimeMedianSeconds),
    },
    {
      title: 'Change failure',
      field: 'failed',
      sortKey: 'failed',
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
}

export function DeploymentsTable(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const api = useApi(devopsInsightsApiRef);
  const { entityRef, from, to } = props.query;
  const { showEntity } = props;
  const columns = useMemo(() => deploymentColumns(showEntity), [showEntity]);
  const fetchPage = useCallback(
    (page: PageRequest) =>
      api.listDeployments({ entityRef, from, to, ...page }),
    [api, entityRef, from, to],
  );
  return (
    <PagedTable<DeploymentListItem>
      title="Deployments"
      what="deployments"
      queryKey={`${entityRef} ${from} ${to}`}
      columns={columns}
      fetchPage={fetchPage}
      emptyContent={
        <div style={{ padding: 16 }}>No deployments in this window.</div>
      }
    />
  );
}
