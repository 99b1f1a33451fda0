import {
  DeploymentEvent,
  DeploymentRow,
  IncidentEvent,
  IncidentRow,
} from '@devops-insights/backstage-plugin-common';

/** A deployment as stored: the metric row plus what the lists show. */
export type StoredDeployment = DeploymentRow & {
  environment: string;
  commitSha: string | null;
  url: string | null;
  trigger: 'automatic' | 'manual' | null;
};

/** An incident as stored: the metric row plus what the lists show. */
export type StoredIncident = IncidentRow & {
  title: string | null;
  autoResolved: boolean | null;
  dedupKey: string | null;
  url: string | null;
  postmortemUrl: string | null;
};

/** A validated event whose entity ref is normalised and production decided. */
export type NormalizedEvent =
  | (DeploymentEvent & { production: boolean })
  | IncidentEvent;

export type UpsertResult = { created: number; updated: number; unchanged: number };

/** Everything a scope's metrics read, see DoraInput. */
export type ScopeRows = {
  deployments: StoredDeployment[];
  incidents: StoredIncident[];
};

export interface EventStore {
  /** Inserts or replaces events by (type, source, id), in one transaction. */
  upsert(events: NormalizedEvent[]): Promise<UpsertResult>;
  /**
   * Rows of the scope's entities, plus rows of other entities pointing into
   * the scope (incidents caused by, or deployments remediating, its deployments).
   */
  loadScope(entityRefs: string[]): Promise<ScopeRows>;
}
