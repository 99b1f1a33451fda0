import {
  CiRunEvent,
  DeploymentEvent,
  DevopsInsightsEvent,
  IncidentEvent,
  OncallShiftEvent,
  PageEvent,
  ToilReportEvent,
} from '../events';
import {
  CiRunRow,
  DeploymentRow,
  IncidentRow,
  PageRow,
  ShiftRow,
  ToilReportRow,
} from './rows';
import { isoWeekMonday } from './weeks';

/**
 * How validated events become the rows the metric functions read, for code
 * that holds events rather than a store (the demo's tests, the benchmark's
 * correctness check): the same rules the backend applies when it ingests.
 */

/**
 * The environments that count as production when a deployment does not say
 * (`devopsInsights.productionEnvironments`' default), lower-cased.
 * @public
 */
export const DEFAULT_PRODUCTION_ENVIRONMENTS: readonly string[] = [
  'production',
  'prod',
];

/**
 * Whether a deployment counts as production: its own `production` flag when it
 * has one, else whether its environment (any letter case) is one of the
 * lower-cased `productionEnvironments`.
 * @public
 */
export function isProductionDeployment(
  deployment: Pick<DeploymentEvent, 'environment'> & { production?: boolean },
  productionEnvironments: readonly string[] = DEFAULT_PRODUCTION_ENVIRONMENTS,
): boolean {
  return (
    deployment.production ??
    productionEnvironments.includes(
      deployment.environment.toLocaleLowerCase('en-US'),
    )
  );
}

const msOf = (iso: string | null | undefined) =>
  iso === undefined || iso === null ? null : Date.parse(iso);

/** @public */
export function deploymentRowOf(
  e: Omit<DeploymentEvent, 'type' | 'production'> & { production?: boolean },
  productionEnvironments: readonly string[] = DEFAULT_PRODUCTION_ENVIRONMENTS,
): DeploymentRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    production: isProductionDeployment(e, productionEnvironments),
    status: e.status,
    trigger: e.trigger ?? null,
    startedAt: msOf(e.startedAt),
    finishedAt: msOf(e.finishedAt),
    changes: (e.changes ?? []).map(c => ({
      id: c.id,
      authoredAt: Date.parse(c.authoredAt),
      pullRequestOpenedAt: msOf(c.pullRequestOpenedAt),
      mergedAt: msOf(c.mergedAt),
    })),
    remediatesDeployment: e.remediates?.deployment ?? null,
    remediatesIncidentId: e.remediates?.incidentId ?? null,
  };
}

/** @public */
export function incidentRowOf(e: Omit<IncidentEvent, 'type'>): IncidentRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    urgency: e.urgency,
    createdAt: Date.parse(e.createdAt),
    acknowledgedAt: msOf(e.acknowledgedAt),
    resolvedAt: msOf(e.resolvedAt),
    causedBy: e.causedBy ?? null,
    changeRelated: e.changeRelated ?? null,
    autoResolved: e.autoResolved ?? null,
    dedupKey: e.dedupKey ?? null,
    title: e.title ?? null,
    postmortemUrl: e.postmortemUrl ?? null,
  };
}

/** @public */
export function pageRowOf(e: Omit<PageEvent, 'type'>): PageRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    userRef: e.userRef,
    notifiedAt: Date.parse(e.notifiedAt),
    channel: e.channel,
    incidentId: e.incidentId ?? null,
    timeZone: e.timeZone ?? null,
  };
}

/** @public */
export function shiftRowOf(e: Omit<OncallShiftEvent, 'type'>): ShiftRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    userRef: e.userRef,
    start: Date.parse(e.start),
    end: msOf(e.end),
    level: e.level,
    scheduleName: e.scheduleName ?? null,
    scheduleUrl: e.scheduleUrl ?? null,
  };
}

/** @public */
export function ciRunRowOf(e: Omit<CiRunEvent, 'type'>): CiRunRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    name: e.name,
    attempt: e.attempt,
    trigger: e.trigger,
    status: e.status,
    startedAt: Date.parse(e.startedAt),
    finishedAt: msOf(e.finishedAt),
  };
}

/** @public */
export function toilReportRowOf(
  e: Omit<ToilReportEvent, 'type'>,
): ToilReportRow {
  return {
    source: e.source,
    id: e.id,
    entityRef: e.entityRef,
    userRef: e.userRef ?? null,
    hours: e.hours,
    category: e.category,
    weekStart: isoWeekMonday(e.week)!,
  };
}

/** The rows of each kind that a list of events holds. @public */
export type EventRows = {
  deployments: DeploymentRow[];
  incidents: IncidentRow[];
  pages: PageRow[];
  shifts: ShiftRow[];
  ciRuns: CiRunRow[];
  toilReports: ToilReportRow[];
};

/** Sorts validated events into the rows the metric functions read. @public */
export function rowsOfEvents(
  events: readonly DevopsInsightsEvent[],
  productionEnvironments: readonly string[] = DEFAULT_PRODUCTION_ENVIRONMENTS,
): EventRows {
  const rows: EventRows = {
    deployments: [],
    incidents: [],
    pages: [],
    shifts: [],
    ciRuns: [],
    toilReports: [],
  };
  for (const e of events) {
    switch (e.type) {
      case 'deployment':
        rows.deployments.push(deploymentRowOf(e, productionEnvironments));
        break;
      case 'incident':
        rows.incidents.push(incidentRowOf(e));
        break;
      case 'page':
        rows.pages.push(pageRowOf(e));
        break;
      case 'oncall-shift':
        rows.shifts.push(shiftRowOf(e));
        break;
      case 'ci-run':
        rows.ciRuns.push(ciRunRowOf(e));
        break;
      case 'toil-report':
        rows.toilReports.push(toilReportRowOf(e));
        break;
      default:
    }
  }
  return rows;
}
