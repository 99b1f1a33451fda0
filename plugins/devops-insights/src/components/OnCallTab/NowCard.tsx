import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { OnCallShift } from '@devops-insights/backstage-plugin-common';
import { formatDateTime } from '../shared/format';
import { REF_CELL_STYLE } from '../shared/tableStyles';

function byLevelThenStart(a: OnCallShift, b: OnCallShift): number {
  return a.level - b.level || a.start.localeCompare(b.start);
}

/** Who is on call right now, by escalation level. */
export function NowCard(props: { at: string; shifts: OnCallShift[] }) {
  const shifts = [...props.shifts].sort(byLevelThenStart);
  return (
    <Paper
      variant="outlined"
      style={{ padding: 16, height: '100%' }}
      data-testid="oncall-now"
    >
      <Typography variant="subtitle2" component="h3">
        On call now
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        As of {formatDateTime(props.at)}
      </Typography>
      {shifts.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nobody is on call now according to the recorded shifts.
        </Typography>
      ) : (
        <Table size="small" aria-label="On call now">
          <TableBody>
            {shifts.map(shift => (
              <TableRow
                key={`${shift.userRef}/${shift.level}/${shift.start}/${shift.entityRef}`}
              >
                {/* One line, never "Lev / el 1" in a narrow card. */}
                <TableCell style={REF_CELL_STYLE}>
                  Level {shift.level}
                </TableCell>
                <TableCell>
                  <EntityRefLink entityRef={shift.userRef} />
                </TableCell>
                <TableCell>
                  {shift.end
                    ? `until ${formatDateTime(shift.end)}`
                    : 'permanent'}
                </TableCell>
                <TableCell>
                  {shift.scheduleUrl ? (
                    <Link to={shift.scheduleUrl}>
                      {shift.scheduleName ?? 'Schedule'}
                    </Link>
                  ) : (
                    shift.scheduleName ?? '—'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Paper>
  );
}
