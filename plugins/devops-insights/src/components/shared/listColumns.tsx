import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import { formatDateTime, formatDuration } from './format';
import { ExternalLinkCell } from './LinkCells';
import type { PagedColumn } from './PagedTable';
import { REF_CELL_STYLE, TEXT_CELL_STYLE } from './tableStyles';

/*
 * The columns the server-paged lists share, each under the list's sort
 * field of the same name. Functions, not constants: a column object keeps
 * per-table state in material-table.
 */

/** A dash where the source sent nothing, as in every cell of the lists. */
const DASH = '—';

/**
 * The entity a row belongs to, shown only where the figures pool several
 * entities: its name (or title), linking to its page, as the catalog shows
 * refs elsewhere.
 */
export function entityColumns<T extends { entityRef: string }>(
  show: boolean,
): PagedColumn<T>[] {
  if (!show) return [];
  return [
    {
      title: 'Entity',
      field: 'entityRef',
      sortKey: 'entityRef',
      cellStyle: REF_CELL_STYLE,
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
  ];
}

export function durationColumn<T extends object>(
  title: string,
  field: keyof T & string,
  seconds: (row: T) => number | null,
  sortKey: string = field,
): PagedColumn<T> {
  return {
    title,
    field,
    sortKey,
    render: row => {
      const value = seconds(row);
      return value === null ? DASH : formatDuration(value);
    },
  };
}

export function dateTimeColumn<T extends object>(
  title: string,
  field: keyof T & string,
  iso: (row: T) => string | null,
): PagedColumn<T> {
  return {
    title,
    field,
    sortKey: field,
    render: row => formatDateTime(iso(row)),
  };
}

/** The row in the tool it came from (CI run, incident), when it says where. */
export function sourceLinkColumn<T extends { id: string; url: string | null }>(
  what: string,
): PagedColumn<T> {
  return {
    title: 'Link',
    field: 'url',
    sorting: false,
    render: row => (
      <ExternalLinkCell url={row.url} label={`Open ${what} ${row.id}`} />
    ),
  };
}

export const incidentColumns = {
  title: (): PagedColumn<IncidentListItem> => ({
    title: 'Title',
    field: 'title',
    sortKey: 'title',
    render: i => i.title ?? i.id,
    cellStyle: TEXT_CELL_STYLE,
  }),
  urgency: (): PagedColumn<IncidentListItem> => ({
    title: 'Urgency',
    field: 'urgency',
    sortKey: 'urgency',
    render: i => (i.urgency === 'high' ? 'High' : 'Low'),
  }),
  created: () =>
    dateTimeColumn<IncidentListItem>('Created', 'createdAt', i => i.createdAt),
  postmortem: (): PagedColumn<IncidentListItem> => ({
    title: 'Postmortem',
    field: 'postmortemUrl',
    sorting: false,
    render: i =>
      i.postmortemUrl ? <Link to={i.postmortemUrl}>Postmortem</Link> : DASH,
  }),
};
