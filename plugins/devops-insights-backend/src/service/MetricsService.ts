import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  buildDoraIndex,
  DeploymentListItem,
  DoraConfig,
  DoraResponse,
  doraGoalFigures,
  eventKey,
  figureGoalsOf,
  GoalDefaults,
  GoalFigures,
  GoalsView,
  IncidentListItem,
  isChangeFailure,
  leadTimeMedianByDeployment,
  OnCallResponse,
  Page,
  TimeWindow,
  ToilConfig,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
import {
  EventStore,
  StoredDeployment,
  StoredIncident,
} from '../database/EventStore';
import { EntityFactsCache } from './EntityFactsCache';
import {
  DEPLOYMENT_LIST,
  INCIDENT_LIST,
  ListRequest,
  listPage,
} from './listPage';
import { ScopeResolver } from './ScopeResolver';
import { goalsOfEntity } from './goalSources';
import { readOrgView } from './OrgView';
import { Entity } from '@backstage/catalog-model';
import { ScopeEvaluator, storeInputs } from './evaluateScope';

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

/**
 * The tabs' reads: a scope's figures through {@link ScopeEvaluator} on the
 * store's rows, and the deployments and incidents behind them.
 */
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
      goals: GoalDefaults;
      now?: () => number;
    },
  ) {}

  async dora(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<DoraResponse> {
    const { ref, entity, scope } = await this.scope(entityRef, credentials);
    const dora = await this.evaluator(credentials).dora(scope.entities);
    const metrics = dora.metrics(window);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope.entities },
      ...metrics,
      weekly: dora.weekly(window),
      goals: await this.goals(
        ref,
        entity,
        doraGoalFigures(metrics),
        credentials,
      ),
    };
  }

  async deployments(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest & DeploymentFilter,
    credentials: BackstageCredentials,
  ): Promise<Page<DeploymentListItem>> {
    const scope = (await this.scope(entityRef, credentials)).scope.entities;
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
    const scope = (await this.scope(entityRef, credentials)).scope.entities;
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
    const toil = await this.evaluator(credentials).toil(scope, window);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: {
        entityRefs: scope.entities,
        owningGroups: scope.owningGroups,
        members: scope.members.length,
      },
      ...toil,
      goals: await this.goals(
        ref,
        entity,
        { toilShare: toil.share },
        credentials,
      ),
    };
  }

  async onCall(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<Omit<OnCallResponse, 'respondersWithheld'>> {
    const { ref, entity, scope } = await this.scope(entityRef, credentials);
    const onCall = await this.evaluator(credentials).onCall(scope, window);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope.entities, owningGroups: scope.owningGroups },
      ...onCall,
      goals: await this.goals(
        ref,
        entity,
        {
          pagesPer12h: onCall.team.pagesPer12h,
          offHoursPagesPerWeek: onCall.team.offHoursPagesPerResponderWeek,
        },
        credentials,
      ),
    };
  }

  /** The goals of an entity's figures, and any invalid goal annotation on the way. */
  private async goals(
    ref: string,
    entity: Entity,
    figures: GoalFigures,
    credentials: BackstageCredentials,
  ): Promise<GoalsView> {
    const view = await readOrgView(this.deps.catalog, credentials);
    const resolved = goalsOfEntity(view, ref, entity, this.deps.goals);
    return {
      figures: figureGoalsOf(resolved, figures),
      problems: resolved.problems,
    };
  }

  /** Evaluates scopes for one request, on the store's rows. */
  private evaluator(credentials: BackstageCredentials): ScopeEvaluator {
    const { store, facts, scopes, now = Date.now } = this.deps;
    return new ScopeEvaluator(
      this.deps,
      storeInputs({ store, facts, scopes, now }, credentials),
    );
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
  private async scope(requestedRef: string, credentials: BackstageCredentials) {
    return this.deps.scopes.resolveRef(requestedRef, credentials);
  }
}
