import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { PerformanceBand } from '@devops-insights/backstage-plugin-common';
import { BAND_STYLES } from './palette';

const useStyles = makeStyles({
  chip: {
    fontWeight: 600,
    height: 22,
  },
});

export function BandChip(props: { band: PerformanceBand; testId?: string }) {
  const classes = useStyles();
  const style = BAND_STYLES[props.band];
  return (
    <Chip
      size="small"
      className={classes.chip}
      label={style.label}
      data-testid={props.testId}
      data-band={props.band}
      style={{ backgroundColor: style.background, color: style.color }}
    />
  );
}
