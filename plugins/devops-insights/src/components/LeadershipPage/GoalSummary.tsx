import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import {
  GOAL_METRICS,
  type GoalMetric,
  type RollupResponse,
  type RollupTeam,
} from '@devops-insights/backstage-plugin-common';
import { GOAL_TITLES } from '../shared/goalModel';

/** Teams with at least one figure that misses its goal. */
export function teamsMissingAGoal(teams: RollupTeam[]): RollupTeam[] {
  return teams.filter(team => team.goals.some(goal => goal.met === false));
}

/**
 * Per metric with a goal, how many teams meet theirs, and a switch that
 * narrows the table to the teams missing one.
 */
export function GoalSummary(props: {
  goals: RollupResponse['goals'];
  onlyMissing: boolean;
  onOnlyMissingChange(value: boolean): void;
}) {
  const metrics = (Object.keys(GOAL_METRICS) as GoalMetric[]).filter(
    metric => props.goals[metric],
  );
  if (!metrics.length) return null;
  return (
    <Paper
      variant="outlined"
      style={{ padding: 16 }}
      data-testid="goal-summary"
    >
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Goals met
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
        {metrics.map(metric => {
          const { met, missed, noData } = props.goals[metric]!;
          return (
            <Typography
              key={metric}
              variant="body2"
              data-testid={`goal-summary-${metric}`}
            >
              {GOAL_TITLES[metric]}: {met} of {met + missed + noData} teams
              {missed > 0 && ` · ${missed} missing`}
              {noData > 0 && ` · ${noData} without data`}
            </Typography>
          );
        })}
      </Box>
      <FormControlLabel
        control={
          <Switch
            checked={props.onlyMissing}
            onChange={e => props.onOnlyMissingChange(e.target.checked)}
            inputProps={{ 'aria-label': 'Only teams missing a goal' }}
          />
        }
        label="Only teams missing a goal"
      />
    </Paper>
  );
}
