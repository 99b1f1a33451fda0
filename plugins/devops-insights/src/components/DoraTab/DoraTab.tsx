import Grid from '@material-ui/core/Grid';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../api';
import { MetricsErrorPanel } from '../shared/ErrorPanel';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { isPoolingKind, PooledEntities } from '../shared/PooledEntities';
import { useMetricsWindow } from '../shared/useMetricsWindow';
import { previousWindow } from '../shared/window';
import { TabHeader } from '../shared/TabHeader';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { DoraTiles } from './DoraTiles';
import { DrillDown } from './DrillDown';
import { TrendCharts } from './TrendCharts';
import { ValueStream } from './ValueStream';

/** Nothing at all was ever sent for the scope, as opposed to a quiet window. */
export function hasNoData(dora: DoraResponse): boolean {
  return (
    dora.deploymentFrequency.perDay === null &&
    dora.timeToRestore.incidents === 0
  );
}

/** The DORA tab of an entity page. */
export function DoraTab() {
  const { entity } = useEntity();
  const api = useApi(devopsInsightsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const windowState = useMetricsWindow();
  const { from, to } = windowState.window;

  const state = useAsyncRetry(async () => {
    const previous = previousWindow({ from, to });
    const [current, before] = await Promise.all([
      api.getDora({ entityRef, from, to }),
      // The comparison is secondary: without it the tiles still stand.
      api.getDora({ entityRef, ...previous }).catch(() => undefined),
    ]);
    return { current, before };
  }, [api, entityRef, from, to]);

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = (
      <MetricsErrorPanel
        what="the DORA metrics"
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else if (!state.value || hasNoData(state.value.current)) {
    body = (
      <>
        <NoDataEmptyState entityRef={entityRef} />
        <EntityBreakdown
          {...{ entityRef, from, to }}
          kind={entity.kind}
          tab="dora"
        />
      </>
    );
  } else {
    const { current, before } = state.value;
    body = (
      <Grid container spacing={2}>
        {isPoolingKind(entity.kind) && (
          <Grid item xs={12}>
            <PooledEntities entityRefs={current.scope.entityRefs} />
          </Grid>
        )}
        <Grid item xs={12}>
          <DoraTiles current={current} previous={before} />
        </Grid>
        <Grid item xs={12}>
          <EntityBreakdown
            {...{ entityRef, from, to }}
            kind={entity.kind}
            tab="dora"
          />
        </Grid>
        <Grid item xs={12}>
          <TrendCharts weekly={current.weekly} />
        </Grid>
        <Grid item xs={12}>
          <ValueStream leadTime={current.leadTimeForChanges} />
        </Grid>
        <Grid item xs={12}>
          <DrillDown
            query={{ entityRef, from, to }}
            showEntity={isPoolingKind(entity.kind)}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <div data-testid="devops-insights-dora">
      <TabHeader
        entityRef={entityRef}
        title="DORA metrics"
        windowState={windowState}
        windowNote="compared with the window of the same length before it."
      />
      {body}
    </div>
  );
}
