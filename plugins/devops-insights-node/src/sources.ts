import {
  createExtensionPoint,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  DevopsInsightsEventInput,
  EventsResponse,
} from '@devops-insights/backstage-plugin-common';

/**
 * Where a source hands its events. It is the same ingestion path as the
 * public events API: validation, entity-ref resolution, idempotent upsert.
 * @public
 */
export interface DevopsInsightsEventSink {
  /** Validates and stores a batch all-or-nothing; throws InputError on bad events. */
  ingest(events: DevopsInsightsEventInput[]): Promise<EventsResponse>;
}

/** @public */
export type DevopsInsightsSyncContext = {
  sink: DevopsInsightsEventSink;
  logger: LoggerService;
  signal?: AbortSignal;
};

/**
 * A data source added by a backend module.
 * @public
 */
export interface DevopsInsightsSource {
  /** Unique id, e.g. `github`; also the `source` of the events it emits. */
  id: string;
  /**
   * When to call `sync`. Without a schedule, `sync` runs once when the
   * backend has started.
   */
  schedule?: SchedulerServiceTaskScheduleDefinition;
  sync(context: DevopsInsightsSyncContext): Promise<void>;
}

/** @public */
export interface DevopsInsightsSourcesExtensionPoint {
  addSource(source: DevopsInsightsSource): void;
}

/**
 * Extension point through which backend modules add data sources.
 * @public
 */
export const devopsInsightsSourcesExtensionPoint =
  createExtensionPoint<DevopsInsightsSourcesExtensionPoint>({
    id: 'devops-insights.sources',
  });
