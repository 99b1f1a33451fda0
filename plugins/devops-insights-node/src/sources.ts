import {
  createExtensionPoint,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  DevopsInsightsEventInput,
  EventsResponse,
  RateLimitState,
} from '@devops-insights/backstage-plugin-common';

/**
 * Where a source hands its events. It is the same ingestion path as the
 * public events API: validation, entity-ref resolution, idempotent upsert.
 * @public
 */
export interface DevopsInsightsEventSink {
  /** Validates and stores a batch all-or-nothing; throws InputError on bad events. */
  ingest(events: DevopsInsightsEventInput[]): Promise<EventsResponse>;
  /**
   * Makes the source's stored on-call shifts of one scope (a schedule, an
   * escalation policy) within a time range exactly `shifts`: stored shifts of
   * the scope that overlap the range and are not among them are deleted, the
   * others upserted as by `ingest`, in one transaction. For a source whose
   * upstream moves or deletes shifts (overrides) rather than reporting their
   * removal. Validation is `ingest`'s, plus: every shift is an `oncall-shift`
   * of `source` whose id starts with `idPrefix` and that overlaps the range.
   */
  replaceShifts(
    replacement: DevopsInsightsShiftReplacement,
  ): Promise<EventsResponse & { deleted: number }>;
}

/**
 * What `replaceShifts` replaces. The scope is an id prefix because a shift's
 * id is the source's own: a source that names a schedule's shifts
 * `schedule:<id>:…` replaces the schedule by `idPrefix: 'schedule:<id>:'`.
 * @public
 */
export type DevopsInsightsShiftReplacement = {
  source: string;
  /** Every shift of the scope, stored or given, has an id starting with it. */
  idPrefix: string;
  /** ISO-8601; the range is [from, to). A shift overlaps it when it starts before `to` and ends (if ever) after `from`. */
  from: string;
  to: string;
  /** The scope's shifts overlapping the range, as the upstream reports them now. */
  shifts: DevopsInsightsEventInput[];
};

/**
 * Cursors of one source, persisted in the plugin's database. Set a cursor
 * only after the rows it covers were ingested, so a restart resumes without
 * loss and (since ingestion is idempotent) without duplicates.
 * @public
 */
export interface DevopsInsightsCursorStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/**
 * Reports sync health per target (a repository, an account); shown by
 * `GET /v1/sources` and in the tabs.
 * @public
 */
export interface DevopsInsightsSyncStatus {
  success(
    target: string,
    details: { rowsIngested: number; rateLimit?: RateLimitState },
  ): Promise<void>;
  failure(
    target: string,
    error: Error,
    details?: { rateLimit?: RateLimitState },
  ): Promise<void>;
}

/** @public */
export type DevopsInsightsSyncContext = {
  sink: DevopsInsightsEventSink;
  logger: LoggerService;
  cursors: DevopsInsightsCursorStore;
  status: DevopsInsightsSyncStatus;
  signal?: AbortSignal;
};

/** @public */
export type DevopsInsightsWebhookRequest = {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received, for signature checks. */
  rawBody: Buffer;
};

/** @public */
export type DevopsInsightsWebhookContext = {
  sink: DevopsInsightsEventSink;
  logger: LoggerService;
  /**
   * Delivery de-duplication: `claim` answers true the first time it sees an
   * id and false after; `release` forgets an id whose handling failed so the
   * sender's retry is processed.
   */
  deliveries: {
    claim(deliveryId: string): Promise<boolean>;
    release(deliveryId: string): Promise<void>;
  };
};

/**
 * Receives `POST /api/devops-insights/v1/webhooks/<source id>`. The route is
 * open to unauthenticated callers at the Backstage level, so the handler must
 * verify the sender (signature or token, in constant time) and answer 401
 * storing nothing when that fails.
 * @public
 */
export interface DevopsInsightsWebhookHandler {
  handle(
    request: DevopsInsightsWebhookRequest,
    context: DevopsInsightsWebhookContext,
  ): Promise<{ status: number; body?: Record<string, unknown> }>;
}

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
  webhook?: DevopsInsightsWebhookHandler;
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
