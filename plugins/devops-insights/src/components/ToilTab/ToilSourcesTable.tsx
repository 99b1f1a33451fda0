import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type {
  ToilSignal,
  ToilSignalKey,
} from '@devops-insights/backstage-plugin-common';
import { smallTableOptions } from '../shared/tableStyles';
import { formatHours } from '../shared/format';
import { SIGNAL_BY_KEY } from './toilSignals';

export type ToilSourceRow = {
  id: string;
  signal: ToilSignalKey;
  name: string;
  count: number;
  hours: number;
};

/** The top sources of every signal in one list, largest first. */
export function toilSourceRows(signals: ToilSignal[]): ToilSourceRow[] {
  return signals
    .flatMap(signal =>
      signal.topSources.map(source => ({
        id: `${signal.key}/${source.name}`,
        signal: signal.key,
        ...source,
      })),
    )
    .sort((a, b) => b.hours - a.hours || b.count - a.count);
}

// Defined once: the table keeps its sort state per column object.
const COLUMNS: TableColumn<ToilSourceRow>[] = [
  { title: 'Source', field: 'name' },
  {
    title: 'Signal',
    field: 'signal',
    render: row => {
      const spec = SIGNAL_BY_KEY[row.signal];
      return (
        <Tooltip title={spec.definition}>
          <span>
            {spec.label} ({spec.sourceLabel.toLocaleLowerCase('en-US')})
          </span>
        </Tooltip>
      );
    },
  },
  { title: 'Count', field: 'count', type: 'numeric' },
  {
    title: 'Hours',
    field: 'hours',
    type: 'numeric',
    defaultSort: 'desc',
    render: row => formatHours(row.hours),
  },
];

/** Where the toil comes from: the recurring alerts, runs and chores to fix first. */
export function ToilSourcesTable(props: { signals: ToilSignal[] }) {
  const rows = useMemo(() => toilSourceRows(props.signals), [props.signals]);
  return (
    <Table<ToilSourceRow>
      title="Top toil sources"
      subtitle="The largest sources of each signal"
      columns={COLUMNS}
      data={rows}
      options={smallTableOptions(rows.length)}
      emptyContent={
        <div style={{ padding: 16 }}>No toil sources in this window.</div>
      }
    />
  );
}
