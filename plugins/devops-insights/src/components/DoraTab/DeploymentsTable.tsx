import type { DeploymentListItem } from '@devops-insights/backstage-plugin-common';
import type { DevopsInsightsDeploymentQuery } from '../../api';
import {
  dateTimeColumn,
  durationColumn,
  entityColumns,
  sourceLinkColumn,
} from '../shared/listColumns';
import type { PagedColumn } from '../shared/PagedTable';
import { WINDOW_LISTS, WindowListTable } from '../shared/WindowListTable';

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
    dateTimeColumn('Finished', 'finishedAt', d => d.finishedAt),
    ...entityColumns<DeploymentListItem>(showEntity),
    { title: 'Environment', field: 'environment', sortKey: 'environment' },
    {
      title: 'Status',
      field: 'status',
      sortKey: 'status',
      render: d => STATUS_LABELS[d.status],
    },
    { title: 'Changes', field: 'changes', sortKey: 'changes', type: 'numeric' },
    durationColumn(
      'Lead time',
      'leadTimeMedianSeconds',
      d => d.leadTimeMedianSeconds,
    ),
    {
      title: 'Change failure',
      field: 'failed',
      sortKey: 'failed',
      render: d => failedLabel(d.failed),
    },
    sourceLinkColumn('deployment'),
  ];
}

export function DeploymentsTable(props: {
  /** The entity and window, and any filter of the list. */
  query: Omit<
    DevopsInsightsDeploymentQuery,
    'limit' | 'offset' | 'sort' | 'order' | 'search'
  >;
  showEntity: boolean;
  /** "Deployments" unless narrowed. */
  title?: string;
}) {
  return (
    <WindowListTable
      title={props.title ?? 'Deployments'}
      what="deployments"
      query={props.query}
      list={WINDOW_LISTS.deployments}
      columns={deploymentColumns}
      showEntity={props.showEntity}
      emptyText="No deployments in this window."
    />
  );
}
