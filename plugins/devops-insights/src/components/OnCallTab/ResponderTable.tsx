import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { devopsInsightsOnCallRespondersReadPermission } from '@devops-insights/backstage-plugin-common';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ResponderLoad } from '@devops-insights/backstage-plugin-common';
import { smallTableOptions } from '../shared/tableStyles';
import { formatHours, formatPer12h, formatPercent } from '../shared/format';
import { nullsLast } from '../shared/sorting';
import { StatusChip } from '../shared/StatusChip';
import { HourBandBar } from './HourBandBar';
import { FlagKey, RESPONDER_FLAGS } from './onCallTileModel';

const FLAG_KEYS = Object.keys(RESPONDER_FLAGS) as FlagKey[];

function raisedFlags(responder: ResponderLoad): FlagKey[] {
  return FLAG_KEYS.filter(key => responder.flags[key]);
}

function Flags(props: { responder: ResponderLoad }) {
  const flags = raisedFlags(props.responder);
  if (flags.length === 0) return <>—</>;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {flags.map(key => (
        <StatusChip
          key={key}
          label={RESPONDER_FLAGS[key].label}
          tone={RESPONDER_FLAGS[key].tone}
          title={RESPONDER_FLAGS[key].rule}
          testId={`flag-${key}`}
        />
      ))}
    </Box>
  );
}

// Defined once: the table keeps its sort state per column object.
const COLUMNS: TableColumn<ResponderLoad>[] = [
  {
    title: 'Responder',
    field: 'userRef',
    render: r => <EntityRefLink entityRef={r.userRef} defaultKind="user" />,
  },
  { title: 'Time zone', field: 'timeZone' },
  {
    title: 'On call',
    field: 'onCallHours',
    type: 'numeric',
    render: r =>
      `${formatHours(r.onCallHours)} (${formatPercent(r.onCallShare)})`,
  },
  {
    title: 'Pages',
    field: 'pages',
    type: 'numeric',
    defaultSort: 'desc',
  },
  {
    title: 'Pages / 12 h on call',
    field: 'pagesPer12h',
    type: 'numeric',
    customSort: nullsLast(r => r.pagesPer12h),
    render: r => (r.pagesPer12h === null ? '—' : formatPer12h(r.pagesPer12h)),
  },
  {
    title: 'Pages by hour',
    field: 'pagesByBand',
    sorting: false,
    render: r => <HourBandBar pagesByBand={r.pagesByBand} />,
  },
  {
    title: 'Flags',
    field: 'flags',
    customSort: (a, b) => raisedFlags(a).length - raisedFlags(b).length,
    render: r => <Flags responder={r} />,
  },
];

/** Paging load per responder in the window, with the SRE limits it breaks. */
export function ResponderTable(props: { responders: ResponderLoad[] }) {
  // The table wants a unique `id` per row to keep its state between renders.
  const rows = useMemo(
    () => props.responders.map(r => ({ ...r, id: r.userRef })),
    [props.responders],
  );
  return (
    <Table<ResponderLoad>
      title="Responder load"
      subtitle="Pages are interruptions (any channel but email). Hour bands are in the responder's time zone: sleep 22:00–08:00, business Mon–Fri 08:00–18:00, off hours otherwise."
      columns={COLUMNS}
      data={rows}
      options={smallTableOptions(rows.length)}
      emptyContent={
        <div style={{ padding: 16 }}>
          No responders paged or on call in this window.
        </div>
      }
    />
  );
}

/** In place of the table when the server withheld the per-responder load. */
export function RespondersWithheld() {
  return (
    <Alert severity="info" data-testid="responders-withheld">
      Each responder&apos;s load is shown to those with the permission{' '}
      {devopsInsightsOnCallRespondersReadPermission.name} on this entity
      (usually: members of its owning team). The team&apos;s figures above
      include everyone.
    </Alert>
  );
}
