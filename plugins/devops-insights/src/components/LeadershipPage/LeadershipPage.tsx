import { useEffect, useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../api';
import { serverMessage } from '../shared/ErrorPanel';
import { TabShell } from '../shared/TabShell';
import { useMetricsWindow } from '../shared/useMetricsWindow';
import { GroupFilter, useGroupParam } from './GroupFilter';
import { groupName, groupOptions, KnownGroup, rememberGroups } from './groups';
import { RollupTable } from './RollupTable';
import { ROLLUP_COLUMNS } from './columns';
import { coverageColumns } from './coverageColumns';
import { SummaryStrip } from './SummaryStrip';
import { GoalSummary, teamsMissingAGoal } from './GoalSummary';

/**
 * The leadership view: every team (or those under a department) side by
 * side, from one rollup request. Per-team rows and band distributions
 * rather than one blended figure, as DORA advises.
 */
export function LeadershipPage() {
  const api = useApi(devopsInsightsApiRef);
  const windowState = useMetricsWindow();
  const { from, to } = windowState.window;
  const [group, setGroup] = useGroupParam();
  // Groups seen in any response so far: a filtered response lists only the
  // filtered group's descendants, and the select should still offer a way
  // back up and across.
  const [known, setKnown] = useState(new Map<string, KnownGroup>());
  // The table narrowed to teams with a figure that misses its goal.
  const [onlyMissing, setOnlyMissing] = useState(false);

  const state = useAsyncRetry(
    () => api.getRollup({ from, to, ...(group ? { groupRef: group } : {}) }),
    [api, from, to, group],
  );
  // Coverage is secondary: without it the table still stands.
  const coverage = useAsyncRetry(
    () => api.getTeamsCoverage(group ? { groupRef: group } : {}),
    [api, group],
  );
  const columns = useMemo(
    () =>
      coverage.value
        ? [...ROLLUP_COLUMNS, ...coverageColumns(coverage.value)]
        : ROLLUP_COLUMNS,
    [coverage.value],
  );
  useEffect(() => {
    if (state.value) setKnown(k => rememberGroups(k, state.value!.teams));
  }, [state.value]);
  const options = useMemo(() => groupOptions(known, group), [known, group]);

  const unknownGroup = (error: Error) =>
    error instanceof ResponseError && error.statusCode === 404 ? (
      <Alert
        severity="warning"
        action={<Button onClick={() => setGroup(null)}>Show all teams</Button>}
      >
        {serverMessage(error)}
      </Alert>
    ) : undefined;

  return (
    <TabShell
      testId="devops-insights-leadership"
      header={{
        title: 'Delivery across teams',
        windowState,
        windowNote:
          "compared with the window of the same length before it. Each team's row pools the team and its sub-teams.",
        actions: (
          <GroupFilter value={group} options={options} onChange={setGroup} />
        ),
      }}
      state={state}
      what="the team rollup"
      renderError={unknownGroup}
      isEmpty={rollup => rollup.teams.length === 0}
      empty={
        <EmptyState
          missing="data"
          title={
            group ? `${groupName(group)} has no sub-teams` : 'No teams yet'
          }
          description="The rollup lists the Groups of the catalog; with a parent group chosen, the groups under it."
        />
      }
    >
      {rollup => (
        <>
          <Grid item xs={12}>
            <SummaryStrip rollup={rollup} />
          </Grid>
          <Grid item xs={12}>
            <GoalSummary
              goals={rollup.goals}
              onlyMissing={onlyMissing}
              onOnlyMissingChange={setOnlyMissing}
            />
          </Grid>
          <Grid item xs={12}>
            <RollupTable
              teams={
                onlyMissing ? teamsMissingAGoal(rollup.teams) : rollup.teams
              }
              window={rollup.window}
              columns={columns}
            />
          </Grid>
        </>
      )}
    </TabShell>
  );
}
