import Grid from '@material-ui/core/Grid';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { OnCallShift } from '@devops-insights/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../api';
import { MetricsErrorPanel } from '../shared/ErrorPanel';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { isPoolingKind, PooledEntities } from '../shared/PooledEntities';
import { TabHeader } from '../shared/TabHeader';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { useMetricsWindow } from '../shared/useMetricsWindow';
import { IncidentHistory } from './IncidentHistory';
import { NowCard } from './NowCard';
import { hasOnCallData } from './onCallTileModel';
import { OnCallTiles } from './OnCallTiles';
import { ResponderTable } from './ResponderTable';
import { ShiftTimeline } from './ShiftTimeline';

const SHIFT_EXAMPLE = {
  type: 'oncall-shift',
  source: 'my-scheduler',
  id: 'shift-1',
  userRef: 'user:default/jane',
  level: 1,
  start: '2026-01-05T08:00:00Z',
  end: '2026-01-12T08:00:00Z',
};

/** Current shifts are upcoming too; merged so none is lost or doubled. */
function timelineShifts(now: OnCallShift[], upcoming: OnCallShift[]) {
  const key = (s: OnCallShift) =>
    `${s.userRef}/${s.level}/${s.start}/${s.entityRef}`;
  const byKey = new Map([...now, ...upcoming].map(s => [key(s), s]));
  return [...byKey.values()];
}

/** The On-call tab of an entity page. */
export function OnCallTab() {
  const { entity } = useEntity();
  const api = useApi(devopsInsightsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const windowState = useMetricsWindow();
  const { from, to } = windowState.window;
  const pooling = isPoolingKind(entity.kind);

  const state = useAsyncRetry(
    () => api.getOnCall({ entityRef, from, to }),
    [api, entityRef, from, to],
  );

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = (
      <MetricsErrorPanel
        what="the on-call metrics"
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else if (!state.value || !hasOnCallData(state.value)) {
    body = (
      <>
        <NoDataEmptyState
          entityRef={entityRef}
          title="No on-call data for this entity yet"
          missing="no on-call shifts, pages or incidents"
          example={SHIFT_EXAMPLE}
        />
        <EntityBreakdown
          {...{ entityRef, from, to }}
          kind={entity.kind}
          tab="oncall"
        />
      </>
    );
  } else {
    const oncall = state.value;
    body = (
      <Grid container spacing={2}>
        {pooling && (
          <Grid item xs={12}>
            <PooledEntities entityRefs={oncall.scope.entityRefs} />
          </Grid>
        )}
        <Grid item xs={12}>
          <OnCallTiles oncall={oncall} />
        </Grid>
        <Grid item xs={12}>
          <EntityBreakdown
            {...{ entityRef, from, to }}
            kind={entity.kind}
            tab="oncall"
          />
        </Grid>
        <Grid item xs={12} md={5}>
          <NowCard at={oncall.now.at} shifts={oncall.now.shifts} />
        </Grid>
        <Grid item xs={12} md={7}>
          <ShiftTimeline
            from={oncall.now.at}
            shifts={timelineShifts(oncall.now.shifts, oncall.upcoming)}
          />
        </Grid>
        <Grid item xs={12}>
          <ResponderTable responders={oncall.responders} />
        </Grid>
        <Grid item xs={12}>
          <IncidentHistory
            query={{ entityRef, from, to }}
            showEntity={pooling}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <div data-testid="devops-insights-oncall">
      <TabHeader
        entityRef={entityRef}
        title="On-call"
        windowState={windowState}
        windowNote="for response times and load; who is on call is as of now."
      />
      {body}
    </div>
  );
}
