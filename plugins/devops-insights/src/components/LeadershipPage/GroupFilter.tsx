import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { GroupOption } from './groups';

const ALL = '';

/** The parent-group filter, kept in the URL (`?group=`) next to the window. */
export function useGroupParam(): [string | null, (ref: string | null) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const group = searchParams.get('group') || null;
  const setGroup = useCallback(
    (ref: string | null) =>
      setSearchParams(params => {
        const next = new URLSearchParams(params);
        if (ref) next.set('group', ref);
        else next.delete('group');
        return next;
      }),
    [setSearchParams],
  );
  return [group, setGroup];
}

export function GroupFilter(props: {
  value: string | null;
  options: GroupOption[];
  onChange(ref: string | null): void;
}) {
  const { value, options, onChange } = props;
  return (
    <TextField
      select
      label="Teams under"
      variant="outlined"
      size="small"
      value={value ?? ALL}
      onChange={e => onChange(e.target.value || null)}
      id="devops-insights-group"
      style={{ minWidth: 220 }}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value={ALL}>All teams</MenuItem>
      {options.map(option => (
        <MenuItem
          key={option.groupRef}
          value={option.groupRef}
          style={{ paddingLeft: 16 + option.depth * 16 }}
        >
          {option.title}
        </MenuItem>
      ))}
    </TextField>
  );
}
