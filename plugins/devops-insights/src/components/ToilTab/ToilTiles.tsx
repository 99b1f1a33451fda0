import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import type { ToilResponse } from '@devops-insights/backstage-plugin-common';
import { formatHours, formatPercent } from '../shared/format';
import { MetricTile } from '../shared/MetricTile';
import { StatusChip } from '../shared/StatusChip';
import { GoalProblems } from '../shared/GoalLine';
import { goalOf } from '../shared/goalModel';
import {
  isOverCapacity,
  missingCapacityReason,
  OVER_CAPACITY_LABEL,
  overCapacityWarning,
  teamNames,
  TOIL_CAPACITY_DEFINITION,
  TOIL_HOURS_DEFINITION,
  TOIL_SHARE_DEFINITION,
  TOIL_STATUS,
  toilItemCount,
} from './toilTileModel';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** Share of the team's time spent on toil, the hours, and the capacity. */
export function ToilTiles(props: { toil: ToilResponse }) {
  const { toil } = props;
  const overCapacity = isOverCapacity(toil.share);
  const reason = missingCapacityReason(toil);
  let shareValue: string | null = null;
  if (overCapacity) shareValue = OVER_CAPACITY_LABEL;
  else if (toil.share !== null) shareValue = formatPercent(toil.share);
  const status =
    toil.status && !overCapacity ? TOIL_STATUS[toil.status] : undefined;
  const { owningGroups, members } = toil.scope;
  return (
    <Grid container spacing={2}>
      {toil.goals.problems.length > 0 && (
        <Grid item xs={12}>
          <GoalProblems problems={toil.goals.problems} />
        </Grid>
      )}
      {overCapacity && (
        <Grid item xs={12}>
          <Alert severity="warning" data-testid="toil-over-capacity">
            {overCapacityWarning(toil, formatHours)}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} sm={6} md={4}>
        <MetricTile
          metricKey="toilShare"
          valueTestId="toil-share"
          title="Toil share"
          value={shareValue}
          noDataReason={reason}
          chip={
            status && (
              <StatusChip
                label={status.label}
                tone={status.tone}
                testId="toil-status"
              />
            )
          }
          detail="of the owning team's working time"
          definition={TOIL_SHARE_DEFINITION}
          goal={goalOf(toil.goals.figures, 'toilShare')}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <MetricTile
          metricKey="toilHours"
          valueTestId="toil-hours"
          title="Toil hours"
          value={toil.totalHours === null ? null : formatHours(toil.totalHours)}
          detail={`${plural(toilItemCount(toil), 'item')} over six signals`}
          definition={TOIL_HOURS_DEFINITION}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={4}>
        <MetricTile
          metricKey="toilCapacity"
          valueTestId="toil-capacity"
          title="Team capacity"
          value={
            toil.capacityHours === null ? null : formatHours(toil.capacityHours)
          }
          noDataReason={reason}
          detail={
            owningGroups.length > 0
              ? `${plural(members, 'member')} of ${teamNames(owningGroups)}`
              : undefined
          }
          definition={TOIL_CAPACITY_DEFINITION}
        />
      </Grid>
    </Grid>
  );
}
