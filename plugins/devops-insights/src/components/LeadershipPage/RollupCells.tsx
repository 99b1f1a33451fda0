import { Fragment, MouseEvent } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import { isOverCapacity, TOIL_STATUS } from '../ToilTab/toilTileModel';
import { BandChip } from '../shared/BandChip';
import { NO_DATA } from '../shared/format';
import { judgementColors } from '../shared/palette';
import { StatusChip } from '../shared/StatusChip';
import {
  changeText,
  metricCell,
  MetricCellModel,
  RollupColumn,
  summaryNote,
  toilParts,
} from './columns';
import { Sparkline } from './Sparkline';

/*
 * Each cell renders the fragments of its column's `text`, separated by
 * single spaces, so that what a cell reads is exactly its CSV field.
 */

function NoData() {
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      {NO_DATA}
    </Typography>
  );
}

/** A DORA figure with its band chip and its change against the previous window. */
export function MetricCellView(props: { model: MetricCellModel }) {
  const theme = useTheme();
  const { model } = props;
  if (model.value === null) return <NoData />;
  const colors = judgementColors(theme.palette.type);
  const pieces = [
    <span key="value" style={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
      {model.value}
    </span>,
  ];
  if (model.band) pieces.push(<BandChip key="band" band={model.band} />);
  if (model.change) {
    pieces.push(
      <Typography
        key="change"
        variant="caption"
        component="span"
        data-judgement={model.change.judgement}
        style={{ color: colors[model.change.judgement], whiteSpace: 'nowrap' }}
      >
        {changeText(model.change)}
      </Typography>,
    );
  }
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 4 }}>
      {pieces.map((piece, i) => (
        <Fragment key={piece.key}>
          {i > 0 && ' '}
          {piece}
        </Fragment>
      ))}
    </Box>
  );
}

function ToilCell(props: { team: RollupTeam }) {
  // Over capacity is a data problem, not a status of the team.
  const status = isOverCapacity(props.team.toil.share)
    ? null
    : props.team.toil.status;
  const [share] = toilParts(props.team);
  if (share === NO_DATA) return <NoData />;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <span style={{ whiteSpace: 'nowrap' }}>{share}</span>
      {status && (
        <>
          {' '}
          <StatusChip
            label={TOIL_STATUS[status].label}
            tone={TOIL_STATUS[status].tone}
          />
        </>
      )}
    </Box>
  );
}

function MetricCell(props: { team: RollupTeam; column: RollupColumn }) {
  return <MetricCellView model={metricCell(props.team, props.column.spec!)} />;
}

export function RollupCell(props: {
  team: RollupTeam;
  column: RollupColumn;
  teamLink: string;
  /** Sub-teams are indented under their parent's summary row. */
  depth?: number;
}) {
  const { team, column, teamLink, depth = 0 } = props;
  switch (column.kind) {
    case 'team':
      return (
        <Box pl={depth * 2}>
          <Link
            to={teamLink}
            // The row navigates too; let the link do it alone.
            onClick={(e: MouseEvent) => e.stopPropagation()}
          >
            {column.text(team)}
          </Link>{' '}
          {team.subTeams > 0 && (
            <Typography
              variant="caption"
              color="textSecondary"
              component="div"
              data-testid="rollup-summary-note"
            >
              {summaryNote(team)}
            </Typography>
          )}
        </Box>
      );
    case 'metric':
      return <MetricCell team={team} column={column} />;
    case 'toil':
      return <ToilCell team={team} />;
    case 'sparkline':
      return <Sparkline team={team} />;
    default: {
      const text = column.text(team);
      return text === NO_DATA ? <NoData /> : <Fragment>{text}</Fragment>;
    }
  }
}
