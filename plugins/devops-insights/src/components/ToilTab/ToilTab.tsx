import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { TabShell } from '../shared/TabShell';
import { useEntityMetrics } from '../shared/useEntityMetrics';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { ToilChart } from './ToilChart';
import { ReportToilAction } from './ReportToilAction';
import { ToilReportDialog } from './ToilReportDialog';
import { ToilReportsTable } from './ToilReportsTable';
import { ToilSourcesTable } from './ToilSourcesTable';
import { ToilTiles } from './ToilTiles';

/**
 * The empty state's words, and a CI run event, the cheapest toil signal to
 * start with.
 */
const NO_TOIL_DATA = {
  title: 'No toil data for this entity in this window',
  missing:
    'no incidents, CI runs, manual deployments or toil reports in the window',
  example: {
    type: 'ci-run',
    source: 'my-ci',
    id: 'run-1-attempt-2',
    name: 'deploy',
    attempt: 2,
    trigger: 'manual',
    status: 'success',
    startedAt: '2026-01-01T12:00:00Z',
    finishedAt: '2026-01-01T12:20:00Z',
  },
};

/** The Toil tab of an entity page. */
export function ToilTab() {
  const { entityRef, scope, query, pooling, windowState, state } =
    useEntityMetrics((api, q) => api.getToil(q));
  const breakdown = <EntityBreakdown {...scope} tab="toil" />;
  const { from, to } = query;
  const [reporting, setReporting] = useState(false);
  // Bumped by each new report, so the list of reports shows it.
  const [reportsVersion, setReportsVersion] = useState(0);

  // After a report the tab refreshes with its figures still up; after a
  // change of entity or window, stale figures are never shown.
  const requestKey = `${entityRef}|${from}|${to}`;
  const [refreshedFor, setRefreshedFor] = useState<string>();
  const toil =
    state.loading && refreshedFor !== requestKey ? undefined : state.value;
  const refresh = () => {
    setRefreshedFor(requestKey);
    state.retry();
  };

  const knownCategories = toil?.signals
    .find(s => s.key === 'selfReported')
    ?.topSources.map(s => s.name);

  return (
    <TabShell
      testId="devops-insights-toil"
      header={{
        entityRef,
        title: 'Toil',
        windowState,
        windowNote:
          "toil hours and their share of the owning team's working time.",
        actions: (
          <ReportToilAction
            entityRef={entityRef}
            onReport={() => setReporting(true)}
          />
        ),
      }}
      state={{ ...state, loading: state.loading && !toil, value: toil }}
      what="the toil metrics"
      isEmpty={v => v.totalHours === null}
      empty={
        <>
          <NoDataEmptyState entityRef={entityRef} {...NO_TOIL_DATA} />
          {breakdown}
        </>
      }
      pooledRefs={pooling ? v => v.scope.entityRefs : undefined}
      extra={
        <ToilReportDialog
          open={reporting}
          entityRef={entityRef}
          knownCategories={knownCategories}
          onClose={() => setReporting(false)}
          onCreated={() => {
            setReportsVersion(v => v + 1);
            refresh();
          }}
        />
      }
    >
      {value => (
        <>
          <Grid item xs={12}>
            <ToilTiles toil={value} />
          </Grid>
          <Grid item xs={12}>
            {breakdown}
          </Grid>
          <Grid item xs={12}>
            <ToilChart weekly={value.weekly} />
          </Grid>
          <Grid item xs={12}>
            <ToilSourcesTable signals={value.signals} />
          </Grid>
          <Grid item xs={12}>
            <ToilReportsTable
              entityRef={entityRef}
              from={from}
              to={to}
              version={reportsVersion}
              onDeleted={refresh}
            />
          </Grid>
        </>
      )}
    </TabShell>
  );
}
