import Box, { BoxProps } from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import GetApp from '@material-ui/icons/GetApp';

/**
 * Above a searchable table that exports what it shows: its title with how
 * many rows are shown ("Teams (3 of 12)"), a search field and Export CSV.
 * `name` keys the test ids (`<name>-search`, `<name>-csv`).
 */
export function TableToolbar(props: {
  title: string;
  shown: number;
  total: number;
  /** Ties the search label to its input for assistive technology. */
  searchId: string;
  search: string;
  onSearch(search: string): void;
  name: string;
  onExport(): void;
  /** Spacing of the bar: padding inside a paper, margin above a table. */
  spacing: Pick<BoxProps, 'p' | 'mb'>;
}) {
  const { title, shown, total, searchId, search, onSearch, name } = props;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      {...props.spacing}
      style={{ gap: 8 }}
    >
      <Typography variant="h6" component="h3">
        {title} ({shown === total ? total : `${shown} of ${total}`})
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <TextField
          id={searchId}
          size="small"
          variant="outlined"
          label="Search"
          value={search}
          onChange={e => onSearch(e.target.value)}
          inputProps={{ 'data-testid': `${name}-search` }}
        />
        <Button
          variant="outlined"
          startIcon={<GetApp />}
          data-testid={`${name}-csv`}
          disabled={shown === 0}
          onClick={props.onExport}
        >
          Export CSV
        </Button>
      </Box>
    </Box>
  );
}
