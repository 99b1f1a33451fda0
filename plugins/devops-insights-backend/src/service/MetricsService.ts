import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildDoraIndex,
  computeDora,
  computeDoraWeekly,
  DeploymentListItem,
  DoraConfig,
  DoraIndex,
  DoraResponse,
  eventKey,
  IncidentListItem,
  isChangeFailure,
  leadTimeMedianByDeployment,
  Page,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { EventStore, ScopeRows } from '../database/EventStore';
import { normalizeEntityRef } from './entityRefs';
import { ScopeResolver } from './ScopeResolver';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const inWindow = (t: number | null, w: TimeWindow) =>
  t !== null && t >= w.from && t < w.to;

export type PageRequest = { limit: number; offset: number };

type LoadedScope = {
  entityRef: string;
  entityRefs: string[];
  rows: ScopeRows;
  index: DoraIndex;
};

/** Loads a scope's rows and evaluates the pure metric definitions on them. */
export class MetricsService {
  constructor(
    private readonly deps: {
      store: EventStore;
      catalog: CatalogService;
      scopes: ScopeResolver;
      dora: DoraConfig;
    },
  ) {}

  async dora(
    entityRef: string,
    window: TimeWindow,
    credentials: BackstageCredentials,
  ): Promise<DoraResponse> {
    const scope = await this.load(entityRef, credentials);
    return {
      entityRef: scope.entityRef,
      window: { from: iso(window.from)!, to: iso(window.to)! },
      scope: { entityRefs: scope.entityRefs },
      ...computeDora(scope.index, window),
      weekly: computeDoraWeekly(scope.index, window),
    };
  }

  async deployments(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<Page<DeploymentListItem>> {
    const { rows, index, entityRefs } = await this.load(entityRef, credentials);
    const scope = new Set(entityRefs);
    const leadTimes = leadTimeMedianByDeployment(index);
    const doraKeys = new Set(index.doraDeployments.map(eventKey));
    const listed = rows.deployments
      .filter(d => scope.has(d.entityRef))
      .filter(d => inWindow(d.finishedAt ?? d.startedAt, window))
      .sort(
        (a, b) => (b.finishedAt ?? b.startedAt ?? 0) - (a.finishedAt ?? a.startedAt ?? 0),
      );
    return paginate(listed, page, d => {
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
        failed: countsForDora ? isChangeFailure(index, d) : null,
        remediates:
          d.remediatesDeployment || d.remediatesIncidentId
            ? {
                ...(d.remediatesDeployment && { deployment: d.remediatesDeployment }),
                ...(d.remediatesIncidentId && { incidentId: d.remediatesIncidentId }),
              }
            : null,
      };
    });
  }

  async incidents(
    entityRef: string,
    window: TimeWindow,
    page: PageRequest,
    credentials: BackstageCredentials,
  ): Promise<Page<IncidentListItem>> {
    const { rows, index, entityRefs } = await this.load(entityRef, credentials);
    const scope = new Set(entityRefs);
    const listed = rows.incidents
      .filter(i => scope.has(i.entityRef))
      .filter(i => inWindow(i.createdAt, window) || inWindow(i.resolvedAt, window))
      .sort((a, b) => b.createdAt - a.createdAt);
    return paginate(listed, page, i => {
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

  private async load(
    requestedRef: string,
    credentials: BackstageCredentials,
  ): Promise<LoadedScope> {
    const entityRef = normalizeEntityRef(requestedRef);
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const entityRefs = await this.deps.scopes.resolve(entity, credentials);
    const rows = await this.deps.store.loadScope(entityRefs);
    const index = buildDoraIndex(
      { scopeEntityRefs: new Set(entityRefs), ...rows },
      this.deps.dora,
    );
    return { entityRef, entityRefs, rows, index };
  }
}

function paginate<T, R>(items: T[], page: PageRequest, map: (item: T) => R): Page<R> {
  return {
    items: items.slice(page.offset, page.offset + page.limit).map(map),
    totalCount: items.length,
    limit: page.limit,
    offset: page.offset,
  };
}
