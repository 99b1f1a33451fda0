import Grid from '@material-ui/core/Grid';
import type { OnCallShift } from '@devops-insights/backstage-plugin-common';
import { NoDataEmptyState } from '../shared/NoDataEmptyState';
import { TabShell } from '../shared/TabShell';
import { useEntityMetrics } from '../shared/useEntityMetrics';
import { EntityBreakdown } from '../shared/breakdown/EntityBreakdown';
import { IncidentHistory } from './IncidentHistory';
import { NowCard } from './NowCard';
import { hasOnCallData } from './onCallTileModel';
import { OnCallTiles } from './OnCallTiles';
import { GoalProblems } from '../shared/GoalLine';
import { RespondersWithheld, ResponderTable } from './ResponderTable';
import { ShiftTimeline } from './ShiftTimeline';

/** The empty state's words, and a shift event to start with. */
const NO_ONCALL_DATA = {
  title: 'No on-call data for this entity yet',
  missing: 'no on-call shifts, pages or incidents',
  example: {
    type: 'oncall-shift',
    source: 'my-scheduler',
    id: 'shift-1',
    userRef: 'user:default/jane',
    level: 1,
    start: '2026-01-05T08:00:00Z',
    end: '2026-01-12T08:00:00Z',
  },
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
  const { entityRef, scope, query, pooling, windowState, state } =
    useEntityMetrics((api, q) => api.getOnCall(q));
  const breakdown = <EntityBreakdown {...scope} tab="oncall" />;
  return (
    <TabShell
      testId="devops-insights-oncall"
      header={{
        entityRef,
        title: 'On-call',
        windowState,
        windowNote: 'for response times and load; who is on call is as of now.',
      }}
      state={state}
      what="the on-call metrics"
      isEmpty={v => !hasOnCallData(v)}
      empty={
        <>
          <NoDataEmptyState entityRef={entityRef} {...NO_ONCALL_DATA} />
          {breakdown}
        </>
      }
      pooledRefs={pooling ? v => v.scope.entityRefs : undefined}
    >
      {oncall => (
        <>
          {oncall.goals.problems.length > 0 && (
            <Grid item xs={12}>
              <GoalProblems problems={oncall.goals.problems} />
            </Grid>
          )}
          <Grid item xs={12}>
            <OnCallTiles oncall={oncall} />
          </Grid>
          <Grid item xs={12}>
            {breakdown}
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
            {oncall.respondersWithheld ? (
              <RespondersWithheld />
            ) : (
              <ResponderTable responders={oncall.responders} />
            )}
          </Grid>
          <Grid item xs={12}>
            <IncidentHistory query={query} showEntity={pooling} />
          </Grid>
        </>
      )}
    </TabShell>
  );
}
