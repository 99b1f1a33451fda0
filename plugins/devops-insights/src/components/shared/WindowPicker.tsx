import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  datesFromRange,
  previousQuarter,
  rangeFromDates,
  ResolvedWindow,
  TimeRange,
  WINDOW_PRESETS,
} from './window';

const CUSTOM = 'custom';
const LAST_QUARTER = 'last-quarter';

export type WindowPickerProps = {
  value: ResolvedWindow;
  now: Date;
  onRelative(window: string): void;
  onRange(range: TimeRange): void;
};

/**
 * Relative windows, the last calendar quarter, or any date range. The range
 * is written to the URL by the caller, so this only reports choices.
 */
export function WindowPicker(props: WindowPickerProps) {
  const { value, now, onRelative, onRange } = props;
  const [editing, setEditing] = useState(false);
  const initialDates = datesFromRange(value);
  const [fromDate, setFromDate] = useState(initialDates.fromDate);
  const [toDate, setToDate] = useState(initialDates.toDate);
  const customRange = rangeFromDates(fromDate, toDate);

  // Keep the date inputs on the shown range when it changes from elsewhere.
  useEffect(() => {
    const dates = datesFromRange({ from: value.from, to: value.to });
    setFromDate(dates.fromDate);
    setToDate(dates.toDate);
  }, [value.from, value.to]);

  const relativeOptions = [...WINDOW_PRESETS] as string[];
  if (value.relative && !relativeOptions.includes(value.relative)) {
    relativeOptions.push(value.relative);
  }
  const selected = editing || !value.relative ? CUSTOM : value.relative;

  const handleSelect = (choice: string) => {
    if (choice === CUSTOM) {
      setEditing(true);
    } else if (choice === LAST_QUARTER) {
      setEditing(false);
      onRange(previousQuarter(now));
    } else {
      setEditing(false);
      onRelative(choice);
    }
  };

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <TextField
        select
        label="Window"
        variant="outlined"
        size="small"
        value={selected}
        onChange={e => handleSelect(e.target.value)}
        id="devops-insights-window"
        style={{ minWidth: 200 }}
      >
        {relativeOptions.map(option => (
          <MenuItem key={option} value={option}>
            Last {option.slice(0, -1)} days
          </MenuItem>
        ))}
        <MenuItem value={LAST_QUARTER}>Last calendar quarter</MenuItem>
        <MenuItem value={CUSTOM}>
          {value.relative ? 'Custom range…' : value.label}
        </MenuItem>
      </TextField>
      {(editing || !value.relative) && (
        <>
          <TextField
            // An id ties the label to the input for assistive technology.
            id="devops-insights-window-from"
            label="From (UTC)"
            type="date"
            size="small"
            variant="outlined"
            value={fromDate}
            onChange={e => setFromDate(e.target.value)}
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            id="devops-insights-window-to"
            label="To, inclusive (UTC)"
            type="date"
            size="small"
            variant="outlined"
            value={toDate}
            onChange={e => setToDate(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={!customRange}
          />
          <Button
            variant="outlined"
            size="small"
            disabled={!customRange}
            onClick={() => {
              if (!customRange) return;
              setEditing(false);
              onRange(customRange);
            }}
          >
            Apply
          </Button>
        </>
      )}
    </Box>
  );
}
