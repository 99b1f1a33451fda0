import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useOnPageStyles } from './onPage';
import { SourceStatusBadge } from './SourceStatusBadge';
import { useMetricsWindow } from './useMetricsWindow';
import { WindowPicker } from './WindowPicker';

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
  /** The entity the tab is of: the badge then says which sources feed it. */
  entityRef?: string;
}) {
  const { title, windowState, windowNote, actions, entityRef } = props;
  const { window: metricsWindow, now, setRelative, setRange } = windowState;
  const classes = useOnPageStyles();
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
          <SourceStatusBadge entityRef={entityRef} />
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
