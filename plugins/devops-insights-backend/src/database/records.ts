import { isoWeekMonday } from '@devops-insights/backstage-plugin-common';
import {
  NormalizedEvent,
  StoredCiRun,
  StoredDeployment,
  StoredIncident,
  StoredPage,
  StoredShift,
  StoredToilReport,
} from './EventStore';

/**
 * How each event type maps to its table and back. Times are stored as epoch
 * milliseconds; Postgres returns bigints as strings, hence the Number()s.
 */

type EventOf<T extends NormalizedEvent['type']> = Extract<
  NormalizedEvent,
  { type: T }
>;
type Row = Record<string, any>;

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
const num = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);
const bool = (value: unknown) =>
  value === null || value === undefined ? null : Boolean(value);
const key = (e: {
  source: string;
  id: string;
  entityRef: string;
  updatedAt?: string;
}) => ({
  source: e.source,
  external_id: e.id,
  entity_ref: e.entityRef,
  source_updated_at: ms(e.updatedAt),
});
const identity = (r: Row) => ({
  source: r.source as string,
  id: r.external_id as string,
  entityRef: r.entity_ref as string,
});

export const deploymentTable = {
  table: 'deployments',
  toRecord: (e: EventOf<'deployment'>) => ({
    ...key(e),
    environment: e.environment,
    production: e.production,
    status: e.status,
    started_at: ms(e.startedAt),
    finished_at: ms(e.finishedAt),
    commit_sha: e.commitSha ?? null,
    url: e.url ?? null,
    trigger: e.trigger ?? null,
    changes: JSON.stringify(e.changes ?? []),
    remediates_source: e.remediates?.deployment?.source ?? null,
    remediates_id: e.remediates?.deployment?.id ?? null,
    remediates_incident_id: e.remediates?.incidentId ?? null,
  }),
  fromRow: (r: Row): StoredDeployment => ({
    ...identity(r),
    environment: r.environment,
    production: Boolean(r.production),
    status: r.status,
    trigger: r.trigger,
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    commitSha: r.commit_sha,
    url: r.url,
    changes: (JSON.parse(r.changes) as Array<Record<string, string>>).map(
      c => ({
        id: c.id,
        authoredAt: Date.parse(c.authoredAt),
        pullRequestOpenedAt: ms(c.pullRequestOpenedAt),
        mergedAt: ms(c.mergedAt),
      }),
    ),
    remediatesDeployment:
      r.remediates_source !== null
        ? { source: r.remediates_source, id: r.remediates_id }
        : null,
    remediatesIncidentId: r.remediates_incident_id,
  }),
};

export const incidentTable = {
  table: 'incidents',
  toRecord: (e: EventOf<'incident'>) => ({
    ...key(e),
    title: e.title ?? null,
    urgency: e.urgency,
    created_at: ms(e.createdAt),
    acknowledged_at: ms(e.acknowledgedAt),
    resolved_at: ms(e.resolvedAt),
    caused_by_source: e.causedBy?.source ?? null,
    caused_by_id: e.causedBy?.id ?? null,
    change_related: e.changeRelated ?? null,
    auto_resolved: e.autoResolved ?? null,
    dedup_key: e.dedupKey ?? null,
    url: e.url ?? null,
    postmortem_url: e.postmortemUrl ?? null,
  }),
  fromRow: (r: Row): StoredIncident => ({
    ...identity(r),
    title: r.title,
    urgency: r.urgency,
    createdAt: Number(r.created_at),
    acknowledgedAt: num(r.acknowledged_at),
    resolvedAt: num(r.resolved_at),
    causedBy:
      r.caused_by_source !== null
        ? { source: r.caused_by_source, id: r.caused_by_id }
        : null,
    changeRelated: bool(r.change_related),
    autoResolved: bool(r.auto_resolved),
    dedupKey: r.dedup_key,
    url: r.url,
    postmortemUrl: r.postmortem_url,
  }),
};

export const pageTable = {
  table: 'pages',
  toRecord: (e: EventOf<'page'>) => ({
    ...key(e),
    user_ref: e.userRef,
    notified_at: ms(e.notifiedAt),
    channel: e.channel,
    incident_id: e.incidentId ?? null,
    time_zone: e.timeZone ?? null,
  }),
  fromRow: (r: Row): StoredPage => ({
    ...identity(r),
    userRef: r.user_ref,
    notifiedAt: Number(r.notified_at),
    channel: r.channel,
    incidentId: r.incident_id,
    timeZone: r.time_zone,
  }),
};

export const shiftTable = {
  table: 'oncall_shifts',
  toRecord: (e: EventOf<'oncall-shift'>) => ({
    ...key(e),
    user_ref: e.userRef,
    start_at: ms(e.start),
    end_at: ms(e.end),
    level: e.level,
    schedule_name: e.scheduleName ?? null,
    schedule_url: e.scheduleUrl ?? null,
  }),
  fromRow: (r: Row): StoredShift => ({
    ...identity(r),
    userRef: r.user_ref,
    start: Number(r.start_at),
    end: num(r.end_at),
    level: Number(r.level),
    scheduleName: r.schedule_name,
    scheduleUrl: r.schedule_url,
  }),
};

export const ciRunTable = {
  table: 'ci_runs',
  toRecord: (e: EventOf<'ci-run'>) => ({
    ...key(e),
    name: e.name,
    attempt: e.attempt,
    trigger: e.trigger,
    status: e.status,
    started_at: ms(e.startedAt),
    finished_at: ms(e.finishedAt),
    url: e.url ?? null,
  }),
  fromRow: (r: Row): StoredCiRun => ({
    ...identity(r),
    name: r.name,
    attempt: Number(r.attempt),
    trigger: r.trigger,
    status: r.status,
    startedAt: Number(r.started_at),
    finishedAt: num(r.finished_at),
    url: r.url,
  }),
};

export const toilReportTable = {
  table: 'toil_reports',
  toRecord: (e: EventOf<'toil-report'>) => ({
    ...key(e),
    user_ref: e.userRef ?? null,
    hours: e.hours,
    category: e.category,
    description: e.description ?? null,
    week: e.week,
    week_start: isoWeekMonday(e.week),
  }),
  fromRow: (r: Row): StoredToilReport => ({
    ...identity(r),
    userRef: r.user_ref,
    hours: Number(r.hours),
    category: r.category,
    description: r.description,
    weekStart: Number(r.week_start),
  }),
};

/** The table and record of an event, by its type. */
export function recordOf(event: NormalizedEvent): {
  table: string;
  record: Row;
} {
  switch (event.type) {
    case 'deployment':
      return {
        table: deploymentTable.table,
        record: deploymentTable.toRecord(event),
      };
    case 'incident':
      return {
        table: incidentTable.table,
        record: incidentTable.toRecord(event),
      };
    case 'page':
      return { table: pageTable.table, record: pageTable.toRecord(event) };
    case 'oncall-shift':
      return { table: shiftTable.table, record: shiftTable.toRecord(event) };
    case 'ci-run':
      return { table: ciRunTable.table, record: ciRunTable.toRecord(event) };
    case 'toil-report':
      return {
        table: toilReportTable.table,
        record: toilReportTable.toRecord(event),
      };
    default:
      throw new Error(`Unknown event type ${(event as { type: string }).type}`);
  }
}
