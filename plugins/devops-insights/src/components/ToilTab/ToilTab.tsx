import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../api';
import { MetricsErrorPanel } from '../shared/ErrorPanel';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { isPoolingKind, PooledEntities } from '../shared/PooledEntities';
import { TabHeader } from '../shared/TabHeader';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { useMetricsWindow } from '../shared/useMetricsWindow';
import { ToilChart } from './ToilChart';
import { ToilReportDialog } from './ToilReportDialog';
import { ToilReportsTable } from './ToilReportsTable';
import { ToilSourcesTable } from './ToilSourcesTable';
import { ToilTiles } from './ToilTiles';

/** A CI run event, the cheapest toil signal to start with. */
const CI_RUN_EXAMPLE = {
  type: 'ci-run',
  source: 'my-ci',
  id: 'run-1-attempt-2',
  name: 'deploy',
  attempt: 2,
  trigger: 'manual',
  status: 'success',
  startedAt: '2026-01-01T12:00:00Z',
  finishedAt: '2026-01-01T12:20:00Z',
};

/** The Toil tab of an entity page. */
export function ToilTab() {
  const { entity } = useEntity();
  const api = useApi(devopsInsightsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const windowState = useMetricsWindow();
  const { from, to } = windowState.window;
  const [reporting, setReporting] = useState(false);
  // Bumped by each new report, so the list of reports shows it.
  const [reportsVersion, setReportsVersion] = useState(0);

  const state = useAsyncRetry(
    () => api.getToil({ entityRef, from, to }),
    [api, entityRef, from, to],
  );
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

  let body;
  if (state.loading && !toil) {
    body = <Progress />;
  } else if (state.error) {
    body = (
      <MetricsErrorPanel
        what="the toil metrics"
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else if (!toil || toil.totalHours === null) {
    body = (
      <>
        <NoDataEmptyState
          entityRef={entityRef}
          title="No toil data for this entity in this window"
          missing="no incidents, CI runs, manual deployments or toil reports in the window"
          example={CI_RUN_EXAMPLE}
        />
        <EntityBreakdown
          {...{ entityRef, from, to }}
          kind={entity.kind}
          tab="toil"
        />
      </>
    );
  } else {
    body = (
      <Grid container spacing={2}>
        {isPoolingKind(entity.kind) && (
          <Grid item xs={12}>
            <PooledEntities entityRefs={toil.scope.entityRefs} />
          </Grid>
        )}
        <Grid item xs={12}>
          <ToilTiles toil={toil} />
        </Grid>
        <Grid item xs={12}>
          <EntityBreakdown
            {...{ entityRef, from, to }}
            kind={entity.kind}
            tab="toil"
          />
        </Grid>
        <Grid item xs={12}>
          <ToilChart weekly={toil.weekly} />
        </Grid>
        <Grid item xs={12}>
          <ToilSourcesTable signals={toil.signals} />
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
      </Grid>
    );
  }

  const knownCategories = toil?.signals
    .find(s => s.key === 'selfReported')
    ?.topSources.map(s => s.name);

  return (
    <div data-testid="devops-insights-toil">
      <TabHeader
        entityRef={entityRef}
        title="Toil"
        windowState={windowState}
        windowNote="toil hours and their share of the owning team's working time."
        actions={
          <Button
            variant="outlined"
            color="primary"
            onClick={() => setReporting(true)}
          >
            Report toil
          </Button>
        }
      />
      {body}
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
    </div>
  );
}
