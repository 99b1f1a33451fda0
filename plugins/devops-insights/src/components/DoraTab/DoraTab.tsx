import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { TabShell } from '../shared/TabShell';
import { useEntityMetrics } from '../shared/useEntityMetrics';
import { previousWindow } from '../shared/window';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { DoraTiles } from './DoraTiles';
import { DrillDown, OpenedRows } from './DrillDown';
import { TrendCharts } from './TrendCharts';
import { GoalProblems } from '../shared/GoalLine';
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
  const { entityRef, scope, query, pooling, windowState, state } =
    useEntityMetrics(async (api, q) => {
      const [current, before] = await Promise.all([
        api.getDora(q),
        // The comparison is secondary: without it the tiles still stand.
        api
          .getDora({ entityRef: q.entityRef, ...previousWindow(q) })
          .catch(() => undefined),
      ]);
      return { current, before };
    });
  // What a tile asked to see in the tables below; cleared by "Show all".
  const [opened, setOpened] = useState<OpenedRows>();
  const breakdown = <EntityBreakdown {...scope} tab="dora" />;

  return (
    <TabShell
      testId="devops-insights-dora"
      header={{
        entityRef,
        title: 'DORA metrics',
        windowState,
        windowNote: 'compared with the window of the same length before it.',
      }}
      state={state}
      what="the DORA metrics"
      isEmpty={v => hasNoData(v.current)}
      empty={
        <>
          {state.value && (
            <GoalProblems problems={state.value.current.goals.problems} />
          )}
          <NoDataEmptyState entityRef={entityRef} />
          {breakdown}
        </>
      }
      pooledRefs={pooling ? v => v.current.scope.entityRefs : undefined}
    >
      {({ current, before }) => (
        <>
          {current.goals.problems.length > 0 && (
            <Grid item xs={12}>
              <GoalProblems problems={current.goals.problems} />
            </Grid>
          )}
          <Grid item xs={12}>
            <DoraTiles
              current={current}
              previous={before}
              onOpenRows={rows => setOpened({ rows, at: Date.now() })}
              goals={current.goals.figures}
            />
          </Grid>
          <Grid item xs={12}>
            {breakdown}
          </Grid>
          <Grid item xs={12}>
            <TrendCharts
              weekly={current.weekly}
              goals={current.goals.figures}
            />
          </Grid>
          <Grid item xs={12}>
            <ValueStream leadTime={current.leadTimeForChanges} />
          </Grid>
          <Grid item xs={12}>
            <DrillDown
              query={query}
              showEntity={pooling}
              opened={opened}
              onShowAll={() => setOpened(undefined)}
            />
          </Grid>
        </>
      )}
    </TabShell>
  );
}
