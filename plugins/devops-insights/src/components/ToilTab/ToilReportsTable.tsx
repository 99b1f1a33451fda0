import { useMemo, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { Table, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ToilReportListItem } from '@devops-insights/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../api';
import { serverMessage } from '../shared/ErrorPanel';
import { formatHours } from '../shared/format';
import { REF_CELL_STYLE, smallTableOptions } from '../shared/tableStyles';

/** The most reports listed; the backend's page limit. */
const LIMIT = 500;

/** A ref as the catalog shows it: its name (or title), linking to it. */
const refCell = (ref: string | null, defaultKind?: string) =>
  ref ? <EntityRefLink entityRef={ref} defaultKind={defaultKind} /> : '—';

/**
 * The toil reports behind the self-reported signal, with a delete action on
 * those the signed-in user may delete (their own, or any of their team's).
 */
export function ToilReportsTable(props: {
  entityRef: string;
  from: string;
  to: string;
  /** Changes when a report was added, to list it. */
  version: number;
  /** Told after a report was deleted, so the figures follow. */
  onDeleted(): void;
}) {
  const { entityRef, from, to, version, onDeleted } = props;
  const api = useApi(devopsInsightsApiRef);
  const alertApi = useApi(alertApiRef);
  const [deleting, setDeleting] = useState<string>();
  const [deleteError, setDeleteError] = useState<string>();
  const state = useAsyncRetry(
    () => api.listToilReports({ entityRef, from, to, limit: LIMIT }),
    [api, entityRef, from, to, version],
  );

  const remove = async (report: ToilReportListItem) => {
    setDeleting(report.id);
    setDeleteError(undefined);
    try {
      await api.deleteToilReport(report.id);
      alertApi.post({
        message: `Deleted the toil report of ${formatHours(report.hours)} for ${
          report.week
        }.`,
        severity: 'success',
        display: 'transient',
      });
      state.retry();
      onDeleted();
    } catch (error) {
      setDeleteError(
        `Could not delete the toil report: ${serverMessage(error as Error)}`,
      );
    } finally {
      setDeleting(undefined);
    }
  };

  // The latest remove, so the columns are built once per deleting state:
  // columns rebuilt on every render reset material-table's state.
  const removeRef = useRef(remove);
  removeRef.current = remove;
  const rows = state.value?.items ?? [];
  const columns = useMemo<TableColumn<ToilReportListItem>[]>(
    () => [
      { title: 'Week', field: 'week' },
      {
        title: 'Entity',
        render: row => refCell(row.entityRef),
        cellStyle: REF_CELL_STYLE,
      },
      {
        title: 'Hours',
        field: 'hours',
        type: 'numeric',
        render: row => formatHours(row.hours),
      },
      { title: 'Category', field: 'category' },
      { title: 'Description', render: row => row.description ?? '' },
      {
        title: 'Reported by',
        render: row => refCell(row.reportedBy ?? row.userRef, 'user'),
        cellStyle: REF_CELL_STYLE,
      },
      {
        title: 'Actions',
        render: row =>
          row.canDelete ? (
            <Button
              size="small"
              color="secondary"
              disabled={deleting === row.id}
              aria-label={`Delete the toil report of ${formatHours(
                row.hours,
              )} for ${row.week}`}
              onClick={() => removeRef.current(row)}
            >
              Delete
            </Button>
          ) : null,
      },
    ],
    [deleting],
  );
  const total = state.value?.totalCount ?? 0;
  return (
    <div data-testid="toil-reports">
      {deleteError && <Alert severity="error">{deleteError}</Alert>}
      <Table<ToilReportListItem>
        title="Toil reports"
        subtitle={
          total > rows.length
            ? `The ${rows.length} newest of ${total} reports in this window`
            : 'Self-reported toil whose ISO week starts in this window'
        }
        isLoading={state.loading && !state.value}
        columns={columns}
        data={rows}
        options={smallTableOptions(rows.length)}
        emptyContent={
          <div style={{ padding: 16 }}>
            {state.error
              ? `Could not load the toil reports: ${serverMessage(state.error)}`
              : 'No toil reports in this window.'}
          </div>
        }
      />
    </div>
  );
}
