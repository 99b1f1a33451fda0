import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  buildDoraIndex,
  DeploymentListItem,
  DoraConfig,
  doraMetricsOf,
  DoraResponse,
  doraWeeklyOf,
  eventKey,
  IncidentListItem,
  isChangeFailure,
  leadTimeMedianByDeployment,
  OnCallResponse,
  onCallSteps,
  Page,
  ROWS_PER_STEP,
  Steps,
  TimeWindow,
  ToilConfig,
  ToilFacts,
  toilFactsOf,
  toilOf,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
import {
  ActivityRows,
  EventStore,
  StoredDeployment,
  StoredIncident,
} from '../database/EventStore';
import { runCooperatively, TimeSlice } from '../cooperative';
import { EntityFactsCache } from './EntityFactsCache';
import {
  DEPLOYMENT_LIST,
  INCIDENT_LIST,
  ListRequest,
  listPage,
} from './listPage';
import { normalizeEntityRef } from './entityRefs';
import { ScopeResolver } from './ScopeResolver';

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();
const inWindow = (t: number | null, w: TimeWindow) =>
  t !== null && t >= w.from && t < w.to;
const isoWindow = (w: TimeWindow) => ({ from: iso(w.from)!, to: iso(w.to)! });

export type PageRequest = ListRequest;

export type DeploymentFilter = {
  /** Only the deployments counted as change failures. */
  failed?: true;
};

export type IncidentFilter = {
  urgency?: 'high' | 'low';
  status?: 'open' | 'acknowledged' | 'resolved';
};

function incidentStatus(i: StoredIncident): IncidentFilter['status'] {
  if (i.resolvedAt !== null) return 'resolved';
  return i.acknowledgedAt !== null ? 'acknowledged' : 'open';
}

/** Loads a scope's rows and evaluates the pure metric definitions on them. */
export class MetricsService {
  constructor(
    private readonly deps: {
      store: EventStore;
      facts: EntityFactsCache;
      catalog: CatalogReader;
      scopes: ScopeResolver;
      dora: DoraConfig;
      toil: ToilConfig;
      defaultTimeZone: string;
      now?: () => number;
    },
  ) {}

  async dora(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<DoraResponse> {
    const { ref, scope } = await this.scope(entityRef, credentials);
    const facts = await this.deps.facts.factsOf(scope);
    const dora = scope.map(r => facts.get(r)!.dora);
    const { benchmarks } = this.deps.dora;
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope },
      ...doraMetricsOf(dora, window, benchmarks),
      weekly: doraWeeklyOf(dora, window, benchmarks),
    };
  }

  async deployments(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest & DeploymentFilter,
    credentials: BackstageCredentials,
  ): Promise<Page<DeploymentListItem>> {
    const { scope } = await this.scope(entityRef, credentials);
    const { rows, index } = await this.doraIndex(scope);
    const inScope = new Set(scope);
    const leadTimes = leadTimeMedianByDeployment(index);
    const doraKeys = new Set(index.doraDeployments.map(eventKey));
    const failed = (d: StoredDeployment) =>
      doraKeys.has(eventKey(d)) ? isChangeFailure(index, d) : null;
    const listed = rows.deployments
      .filter(d => inScope.has(d.entityRef))
      .filter(d => inWindow(d.finishedAt ?? d.startedAt, window))
      .filter(d => !page.failed || failed(d) === true)
      .sort(
        (a, b) =>
          (b.finishedAt ?? b.startedAt ?? 0) -
          (a.finishedAt ?? a.startedAt ?? 0),
      );
    return listPage(listed, page, DEPLOYMENT_LIST, d => {
      const countsForDora = doraKeys.has(eventKey(d));
      return {
        source: d.source,
        id: d.id,
        entityRef: d.entityRef,
        environment: d.environment,
        production: d.production,
        status: d.status,
        trigger: d.trigger,
        startedAt: iso(d.startedAt),
        finishedAt: iso(d.finishedAt),
        commitSha: d.commitSha,
        url: d.url,
        changes: d.changes.length,
        leadTimeMedianSeconds: leadTimes.get(eventKey(d)) ?? null,
        countsForDora,
        failed: failed(d),
        remediates:
          d.remediatesDeployment || d.remediatesIncidentId
            ? {
                ...(d.remediatesDeployment && {
                  deployment: d.remediatesDeployment,
                }),
                ...(d.remediatesIncidentId && {
                  incidentId: d.remediatesIncidentId,
                }),
              }
            : null,
      };
    });
  }

  async incidents(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest & IncidentFilter,
    credentials: BackstageCredentials,
  ): Promise<Page<IncidentListItem>> {
    const { scope } = await this.scope(entityRef, credentials);
    const { rows, index } = await this.doraIndex(scope);
    const inScope = new Set(scope);
    const listed = rows.incidents
      .filter(i => inScope.has(i.entityRef))
      .filter(
        i => inWindow(i.createdAt, window) || inWindow(i.resolvedAt, window),
      )
      .filter(i => !page.urgency || i.urgency === page.urgency)
      .filter(i => !page.status || incidentStatus(i) === page.status)
      .sort((a, b) => b.createdAt - a.createdAt);
    const deploymentUrls = new Map(
      rows.deployments.map(d => [eventKey(d), d.url] as const),
    );
    return listPage(listed, page, INCIDENT_LIST, i => {
      const attribution = index.attributionByIncident.get(eventKey(i));
      return {
        source: i.source,
        id: i.id,
        entityRef: i.entityRef,
        title: i.title,
        urgency: i.urgency,
        createdAt: iso(i.createdAt)!,
        acknowledgedAt: iso(i.acknowledgedAt),
        resolvedAt: iso(i.resolvedAt),
        durationSeconds:
          i.resolvedAt !== null ? (i.resolvedAt - i.createdAt) / 1000 : null,
        attributedDeployment: attribution
          ? {
              source: attribution.deployment.source,
              id: attribution.deployment.id,
              explicit: attribution.explicit,
              url: deploymentUrls.get(eventKey(attribution.deployment)) ?? null,
            }
          : null,
        changeRelated: i.changeRelated,
        autoResolved: i.autoResolved,
        dedupKey: i.dedupKey,
        url: i.url,
        postmortemUrl: i.postmortemUrl,
      };
    });
  }

  async toil(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<ToilResponse> {
    const { ref, entity, scope } = await this.scope(entityRef, credentials);
    const owners = await this.deps.scopes.owningGroups(
      entity,
      scope,
      credentials,
    );
    const [members, facts, activity] = await Promise.all([
      this.deps.scopes.members(owners, credentials),
      this.deps.facts.factsOf(scope),
      this.deps.store.loadActivity(activityRefs(entity, scope, owners), [
        'ciRuns',
        'toilReports',
      ]),
    ]);
    const slice = new TimeSlice();
    const activityFacts = await runCooperatively(
      activityToilFactsSteps(activity, this.deps.toil),
      slice,
    );
    await slice.pause();
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: {
        entityRefs: scope,
        owningGroups: owners.filter(o => o.startsWith('group:')),
        members: members.length,
      },
      ...toilOf(
        [...scope.map(r => facts.get(r)!.toil), ...activityFacts],
        members.length,
        window,
        this.deps.toil,
      ),
    };
  }

  async onCall(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<OnCallResponse> {
    const { ref, entity, scope } = await this.scope(entityRef, credentials);
    const owners = (
      await this.deps.scopes.owningGroups(entity, scope, credentials)
    ).filter(o => o.startsWith('group:'));
    // Shifts of the owning teams count for every scope; their pages and other
    // team-level activity only for a Group scope (see docs/metrics.md). Only
    // the window's pages and incidents are read: the figures use no others.
    const [incidents, { shifts }, pages] = await Promise.all([
      this.deps.store.loadIncidents(scope, window),
      this.deps.store.loadActivity(
        [...new Set([...scope, ...owners])],
        ['shifts'],
      ),
      this.deps.store.loadPages(activityRefs(entity, scope, owners), window),
    ]);
    const users = [...new Set([...shifts, ...pages].map(r => r.userRef))];
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope, owningGroups: owners },
      ...(await runCooperatively(
        onCallSteps(
          {
            shifts,
            pages,
            incidents,
            userTimeZones: await this.deps.scopes.userTimeZones(
              users,
              credentials,
            ),
            defaultTimeZone: this.deps.defaultTimeZone,
            now: (this.deps.now ?? Date.now)(),
          },
          window,
        ),
      )),
    };
  }

  private async doraIndex(scope: string[]) {
    const rows = await this.deps.store.loadDora(scope);
    const index = buildDoraIndex(
      { scopeEntityRefs: new Set(scope), ...rows },
      this.deps.dora,
    );
    return { rows, index };
  }

  /** The entity as the caller sees it (404 otherwise) and its scope. */
  private async scope(
    requestedRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; entity: Entity; scope: string[] }> {
    const ref = normalizeEntityRef(requestedRef);
    const entity = await this.deps.scopes.entity(ref, credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const scope = await this.deps.scopes.resolve(entity, credentials);
    return { ref, entity, scope };
  }
}

/**
 * Whose pages, CI runs and toil reports a scope counts: its entities, and for
 * a Group also events filed against the group and its sub-groups themselves.
 */
export function activityRefs(
  entity: Entity,
  scope: string[],
  owners: string[],
): string[] {
  return entity.kind.toLocaleLowerCase('en-US') === 'group'
    ? [...new Set([...scope, ...owners])]
    : scope;
}

/**
 * Toil facts of a scope's CI runs and toil reports, which are read per
 * request: one entity at a time (no toil rule relates two entities' runs or
 * reports, so their facts evaluate together as their union does), pausing
 * between entities and every {@link ROWS_PER_STEP} rows.
 */
export function* activityToilFactsSteps(
  activity: ActivityRows,
  config: ToilConfig,
): Steps<ToilFacts[]> {
  const byEntity = new Map<
    string,
    Pick<ActivityRows, 'ciRuns' | 'toilReports'>
  >();
  const of = (ref: string) => {
    let rows = byEntity.get(ref);
    if (!rows) byEntity.set(ref, (rows = { ciRuns: [], toilReports: [] }));
    return rows;
  };
  for (const run of activity.ciRuns) of(run.entityRef).ciRuns.push(run);
  for (const report of activity.toilReports) {
    of(report.entityRef).toilReports.push(report);
  }
  const facts: ToilFacts[] = [];
  let rows = 0;
  for (const own of byEntity.values()) {
    facts.push(toilFactsOf({ incidents: [], deployments: [], ...own }, config));
    rows += own.ciRuns.length + own.toilReports.length;
    if (rows >= ROWS_PER_STEP) {
      rows = 0;
      yield;
    }
  }
  return facts;
}
