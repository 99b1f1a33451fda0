import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useTheme } from '@material-ui/core/styles';
import type {
  FigureGoal,
  GoalProblem,
} from '@devops-insights/backstage-plugin-common';
import { goalState, goalText, originText } from './goalModel';
import { judgementColors } from './palette';

/** A tile's goal: the target, met or missed, and (on hover) where it came from. */
export function GoalLine(props: { goal: FigureGoal; testId: string }) {
  const theme = useTheme();
  const { goal, testId } = props;
  const state = goalState(goal);
  const colors = judgementColors(theme.palette.type);
  let color = theme.palette.text.secondary;
  if (state === 'met') color = colors.better;
  if (state === 'missed') color = colors.worse;
  return (
    <Typography
      variant="caption"
      data-testid={testId}
      data-goal-state={state}
      title={`Goal ${originText(goal.origin)}`}
      style={{ color }}
    >
      {goalText(goal)} · {state}
    </Typography>
  );
}

/** Goal annotations that could not be used: shown, never silently dropped. */
export function GoalProblems(props: { problems: readonly GoalProblem[] }) {
  if (!props.problems.length) return null;
  return (
    <Alert severity="warning" data-testid="goal-problems">
      {props.problems.length === 1
        ? 'A goal annotation could not be used:'
        : 'Goal annotations could not be used:'}
      <ul style={{ margin: 0 }}>
        {props.problems.map(p => (
          <li key={`${p.ref} ${p.annotation}`}>
            {p.ref} <code>{p.annotation}</code>: {p.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
