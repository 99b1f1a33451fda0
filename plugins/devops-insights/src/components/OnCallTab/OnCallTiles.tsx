import Grid from '@material-ui/core/Grid';
import type { OnCallResponse } from '@devops-insights/backstage-plugin-common';
import {
  formatDuration,
  formatFactor,
  formatHours,
  formatPer12h,
  formatPercent,
} from '../shared/format';
import { MetricTile, MetricTileProps } from '../shared/MetricTile';
import { StatusChip } from '../shared/StatusChip';
import { DEFINITIONS, incidentLoadStatus } from './onCallTileModel';
import { goalOf } from '../shared/goalModel';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

function format(value: number | null, fn: (v: number) => string) {
  return value === null ? null : fn(value);
}

/** Response times and team load of the window. */
export function OnCallTiles(props: { oncall: OnCallResponse }) {
  const { incidents, team, responders, goals } = props.oncall;
  const load = incidentLoadStatus(team.incidentsPer12h);
  const tiles: Array<Omit<MetricTileProps, 'valueTestId'>> = [
    {
      metricKey: 'mtta',
      title: 'MTTA',
      value: format(incidents.mttaSeconds, formatDuration),
      detail: `median time to acknowledge, ${plural(
        incidents.created,
        'incident',
      )} of any urgency created`,
      definition: DEFINITIONS.mtta,
    },
    {
      metricKey: 'mttr',
      // Not "MTTR": the DORA tab's time to restore is high-urgency only.
      title: 'Time to resolve',
      value: format(incidents.mttrSeconds, formatDuration),
      detail:
        'median over incidents of any urgency resolved; DORA time to restore counts high-urgency only',
      definition: DEFINITIONS.mttr,
    },
    {
      metricKey: 'incidentsPer12h',
      title: 'Incidents per 12 h on call',
      value: format(team.incidentsPer12h, formatPer12h),
      chip: load && (
        <StatusChip
          label={load.label}
          tone={load.tone}
          testId="oncall-load-status"
        />
      ),
      detail: `${plural(
        incidents.created,
        'incident',
      )} of any urgency (not pages) over ${formatHours(
        team.level1OnCallHours,
      )} on call at level 1`,
      definition: DEFINITIONS.incidentsPer12h,
    },
    {
      metricKey: 'pagesPer12h',
      title: 'Pages per 12 h on call',
      value: format(team.pagesPer12h, formatPer12h),
      detail: `interrupting pages over ${formatHours(
        team.level1OnCallHours,
      )} on call at level 1`,
      definition: DEFINITIONS.pagesPer12h,
      goal: goalOf(goals?.figures, 'pagesPer12h'),
    },
    {
      metricKey: 'offHoursPages',
      title: 'Off-hours pages a week',
      value: format(team.offHoursPagesPerResponderWeek, v =>
        Number(v.toFixed(2)).toString(),
      ),
      detail: `per responder, ${plural(responders.length, 'responder')}`,
      definition: DEFINITIONS.offHoursPages,
      goal: goalOf(goals?.figures, 'offHoursPagesPerWeek'),
    },
    {
      metricKey: 'fairness',
      title: 'Paging fairness',
      value: format(team.fairness, formatFactor),
      detail: `busiest responder's pages ÷ the typical (median) responder's, ${plural(
        responders.length,
        'responder',
      )}`,
      definition: DEFINITIONS.fairness,
    },
    {
      metricKey: 'postmortemCoverage',
      title: 'Postmortem coverage',
      value: format(team.postmortemCoverage, formatPercent),
      detail: 'of resolved high-urgency incidents',
      definition: DEFINITIONS.postmortemCoverage,
    },
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map(tile => (
        <Grid item xs={12} sm={6} md={4} lg key={tile.metricKey}>
          <MetricTile {...tile} valueTestId={`oncall-${tile.metricKey}`} />
        </Grid>
      ))}
    </Grid>
  );
}
