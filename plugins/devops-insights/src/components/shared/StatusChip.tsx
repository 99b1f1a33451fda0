import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { Tone, TONE_STYLES } from './palette';

const useStyles = makeStyles({
  chip: {
    fontWeight: 600,
    height: 22,
  },
});

/**
 * A status next to a figure or a row ("At risk", "Sleep interrupted"),
 * coloured by tone like the DORA band chips and always labelled.
 */
export function StatusChip(props: {
  label: string;
  tone: Tone;
  testId?: string;
  /** Why the status applies, shown on hover. */
  title?: string;
}) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      className={classes.chip}
      label={props.label}
      data-testid={props.testId}
      data-tone={props.tone}
      style={{
        backgroundColor: TONE_STYLES[props.tone].background,
        color: TONE_STYLES[props.tone].color,
      }}
    />
  );
  return props.title ? <Tooltip title={props.title}>{chip}</Tooltip> : chip;
}
