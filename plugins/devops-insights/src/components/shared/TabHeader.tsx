import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { SourceStatusBadge } from './SourceStatusBadge';
import { useMetricsWindow } from './useMetricsWindow';
import { WindowPicker } from './WindowPicker';

/**
 * The header sits on the page background (#f5f5f5 in the light theme),
 * where the theme's secondary text is 4.47:1, just under 4.5:1: its
 * captions and resting field labels use the primary text colour.
 */
const useStyles = makeStyles(theme => ({
  onPage: {
    '& label:not(.Mui-focused):not(.Mui-error)': {
      color: theme.palette.text.primary,
    },
  },
}));

/**
 * The common top of the tabs: title, sync status, extra actions and the
 * window picker, then what window is shown (and why, if the URL's was
 * unusable).
 */
export function TabHeader(props: {
  title: string;
  windowState: ReturnType<typeof useMetricsWindow>;
  /** Follows the window's label, e.g. "compared with the window before it". */
  windowNote?: string;
  actions?: ReactNode;
}) {
  const { title, windowState, windowNote, actions } = props;
  const { window: metricsWindow, now, setRelative, setRange } = windowState;
  const classes = useStyles();
  return (
    <div className={classes.onPage}>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        mb={2}
        style={{ gap: 8 }}
      >
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          <Typography variant="h5" component="h2">
            {title}
          </Typography>
          <SourceStatusBadge />
        </Box>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          {actions}
          <WindowPicker
            value={metricsWindow}
            now={now}
            onRelative={setRelative}
            onRange={setRange}
          />
        </Box>
      </Box>
      {metricsWindow.problem && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          {metricsWindow.problem} Showing{' '}
          {metricsWindow.label.toLocaleLowerCase('en-US')} instead.
        </Alert>
      )}
      <Typography variant="body2" color="textPrimary" gutterBottom>
        {metricsWindow.label}
        {windowNote ? `, ${windowNote}` : '.'}
      </Typography>
    </div>
  );
}
