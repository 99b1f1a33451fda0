import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DeploymentListItem,
  DoraConfig,
  DoraResponse,
  doraGoalFigures,
  figureGoalsOf,
  GoalDefaults,
  GoalFigures,
  GoalsView,
  IncidentListItem,
  OnCallResponse,
  Page,
  TimeWindow,
  ToilConfig,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
import { EventStore } from '../database/EventStore';
import { ListStore } from '../database/ListStore';
import { EntityFactsCache } from './EntityFactsCache';
import { ListRequest } from './listPage';
import { deploymentList } from './deploymentList';
import { incidentList } from './incidentList';
import { ScopeResolver } from './ScopeResolver';
import { goalsOfEntity } from './goalSources';
import { readOrgView } from './OrgView';
import { Entity } from '@backstage/catalog-model';
import { ScopeEvaluator, storeInputs } from './evaluateScope';

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();
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

/**
 * The tabs' reads: a scope's figures through {@link ScopeEvaluator} on the
 * store's rows, and the deployments and incidents behind them.
 */
export class MetricsService {
  constructor(
    private readonly deps: {
      store: EventStore;
      /** The lists' queries: a page and what it shows, never a history. */
      lists: ListStore;
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
    return deploymentList(this.deps.lists, scope, window, page, this.deps.dora);
  }

  async incidents(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest & IncidentFilter,
    credentials: BackstageCredentials,
  ): Promise<Page<IncidentListItem>> {
    const scope = (await this.scope(entityRef, credentials)).scope.entities;
    return incidentList(this.deps.lists, scope, window, page, this.deps.dora);
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

  /** The entity as the caller sees it (404 otherwise) and its scope. */
  private async scope(requestedRef: string, credentials: BackstageCredentials) {
    return this.deps.scopes.resolveRef(requestedRef, credentials);
  }
}
