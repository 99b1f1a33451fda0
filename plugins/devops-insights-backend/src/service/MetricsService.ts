import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DeploymentListItem,
  DoraConfig,
  DoraResponse,
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
      now?: () => number;
    },
  ) {}

  async dora(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<DoraResponse> {
    const { ref, scope } = await this.scope(entityRef, credentials);
    const dora = await this.evaluator(credentials).dora(scope.entities);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope.entities },
      ...dora.metrics(window),
      weekly: dora.weekly(window),
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
    const { ref, scope } = await this.scope(entityRef, credentials);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: {
        entityRefs: scope.entities,
        owningGroups: scope.owningGroups,
        members: scope.members.length,
      },
      ...(await this.evaluator(credentials).toil(scope, window)),
    };
  }

  async onCall(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<Omit<OnCallResponse, 'respondersWithheld'>> {
    const { ref, scope } = await this.scope(entityRef, credentials);
    return {
      entityRef: ref,
      window: isoWindow(window),
      scope: { entityRefs: scope.entities, owningGroups: scope.owningGroups },
      ...(await this.evaluator(credentials).onCall(scope, window)),
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
