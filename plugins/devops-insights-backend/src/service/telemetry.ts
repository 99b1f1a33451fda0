import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { metrics } from '@opentelemetry/api';

/**
 * The plugin's OpenTelemetry instruments, all created here (docs/operations.md
 * lists them with what to alert on).
 *
 * Named as Backstage 1.55's own plugins name theirs (`catalog.processing.duration`,
 * `backend_tasks.task.runs.count`): `<plugin>.<thing>.<measure>`, dots, snake_case
 * words, durations in `seconds`, the outcome as a `result` attribute. The meter is
 * the plugin's `metricsServiceRef` (Backstage's thin wrapper of
 * `@opentelemetry/api`, scope `backstage-plugin-devops-insights`); without one,
 * the same scope from the global API, which records nothing until the backend
 * registers an SDK.
 *
 * Attributes are bounded on purpose: event type, source id, route template,
 * status class, result. Never an entity ref, user, delivery id or anything a
 * caller chooses freely (an unknown webhook source is not recorded).
 */
export type TelemetryMeter = Pick<
  MetricsService,
  | 'createCounter'
  | 'createHistogram'
  | 'createObservableGauge'
  | 'createObservableCounter'
>;

/** What a webhook delivery came to, from the handler's answer. */
export type WebhookResult = 'accepted' | 'duplicate' | 'rejected' | 'failed';

/** What a facts cache reports of itself (EntityFactsCache.stats). */
export type FactsCacheStats = {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
};

/** Second-scale buckets: the SDK's defaults are calibrated for milliseconds. */
const REQUEST_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
const SYNC_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

const PREFIX = 'devops_insights';

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export const secondsSince = (start: bigint) =>
  Number(process.hrtime.bigint() - start) / 1e9;

/** `2xx`, `4xx`, …: one attribute value per class, not per status. */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/**
 * A handler's answer (or what it threw) as a result: a 5xx or an unexpected
 * throw failed (the sender retries), a 4xx or a thrown InputError (e.g. a
 * delivery id the store cannot hold) was refused, a 2xx marked `duplicate`
 * was seen before, any other 2xx (ingested, or ignored by the source) was
 * accepted.
 */
export function webhookResult(
  answer:
    | { status: number; body?: Record<string, unknown> }
    | { thrown: unknown },
): WebhookResult {
  if ('thrown' in answer) {
    return (answer.thrown as Error | undefined)?.name === 'InputError'
      ? 'rejected'
      : 'failed';
  }
  if (answer.status >= 500) return 'failed';
  if (answer.status >= 400) return 'rejected';
  return answer.body?.duplicate === true ? 'duplicate' : 'accepted';
}

export class InsightsTelemetry {
  private readonly eventsIngested;
  private readonly ingestionDuration;
  private readonly readDuration;
  private readonly syncDuration;
  private readonly webhookDeliveries;

  constructor(
    private readonly meter: TelemetryMeter = metrics.getMeter(
      'backstage-plugin-devops-insights',
    ),
  ) {
    this.eventsIngested = meter.createCounter<{ type: string; source: string }>(
      `${PREFIX}.events.ingested.count`,
      {
        description:
          'Events stored by the ingestion path (created, updated or unchanged), by event type and source',
      },
    );
    const seconds = <A extends Record<string, string>>(
      name: string,
      description: string,
      buckets: number[],
    ) =>
      meter.createHistogram<A>(`${PREFIX}.${name}`, {
        description,
        unit: 'seconds',
        advice: { explicitBucketBoundaries: buckets },
      });
    this.ingestionDuration = seconds<{ result: string }>(
      'ingestion.duration',
      'Time to validate, resolve and store one batch of events (result ok, invalid or failed)',
      REQUEST_BUCKETS,
    );
    this.readDuration = seconds<{ route: string; statusClass: string }>(
      'reads.duration',
      'Time to answer a read request, by route template and status class',
      REQUEST_BUCKETS,
    );
    this.syncDuration = seconds<{ source: string; result: string }>(
      'sources.sync.duration',
      "Time a source's sync ran, by source and result (completed or failed)",
      SYNC_BUCKETS,
    );
    this.webhookDeliveries = meter.createCounter<{
      source: string;
      result: string;
    }>(`${PREFIX}.webhooks.deliveries.count`, {
      description:
        'Webhook deliveries by source and result (accepted, duplicate, rejected or failed)',
    });
  }

  /** One stored batch: its events counted by type and source. */
  recordIngested(events: ReadonlyArray<{ type: string; source: string }>) {
    const counts = new Map<
      string,
      { type: string; source: string; n: number }
    >();
    for (const { type, source } of events) {
      const key = `${type}\u0000${source}`;
      const entry = counts.get(key);
      if (entry) entry.n++;
      else counts.set(key, { type, source, n: 1 });
    }
    for (const { type, source, n } of counts.values()) {
      this.eventsIngested.add(n, { type, source });
    }
  }

  /** Runs one batch's ingestion and records how long it took and how it ended. */
  async timeIngestion<T>(
    run: () => Promise<T>,
    isInvalid: (error: unknown) => boolean,
  ): Promise<T> {
    const start = process.hrtime.bigint();
    let result = 'failed';
    try {
      const value = await run();
      result = 'ok';
      return value;
    } catch (error) {
      if (isInvalid(error)) result = 'invalid';
      throw error;
    } finally {
      this.ingestionDuration.record(secondsSince(start), { result });
    }
  }

  recordRead(seconds: number, route: string, status: number) {
    this.readDuration.record(seconds, {
      route,
      statusClass: statusClass(status),
    });
  }

  /** Runs one sync of a source and records its duration and result. */
  async timeSync(source: string, run: () => Promise<void>): Promise<void> {
    const start = process.hrtime.bigint();
    let result = 'failed';
    try {
      await run();
      result = 'completed';
    } finally {
      this.syncDuration.record(secondsSince(start), { source, result });
    }
  }

  recordWebhook(source: string, result: WebhookResult) {
    this.webhookDeliveries.add(1, { source, result });
  }

  /** Reports a facts cache's size and its hits and misses at each collection. */
  observeFactsCache(cache: { stats(): FactsCacheStats }) {
    const gauge = (name: string, description: string, unit?: string) =>
      this.meter.createObservableGauge(`${PREFIX}.facts_cache.${name}`, {
        description,
        unit,
      });
    const counter = (name: string, description: string) =>
      this.meter.createObservableCounter(`${PREFIX}.facts_cache.${name}`, {
        description,
      });
    gauge(
      'entries',
      'Entities whose derived facts this replica holds',
    ).addCallback(r => r.observe(cache.stats().entries));
    gauge(
      'size',
      'Approximate memory of the derived facts this replica holds',
      'bytes',
    ).addCallback(r => r.observe(cache.stats().bytes));
    counter(
      'hits.count',
      'Entity lookups answered from the facts cache',
    ).addCallback(r => r.observe(cache.stats().hits));
    counter(
      'misses.count',
      'Entity lookups that had to derive (or wait for) the facts',
    ).addCallback(r => r.observe(cache.stats().misses));
  }

  /**
   * Reports, per source, the seconds since its last successful sync, from the
   * database (so every replica reports the same, whichever ran the sync); a
   * source that never succeeded reports nothing rather than a made-up 0.
   */
  observeSyncLag(
    lastSuccessBySource: () => Promise<Map<string, number>>,
    now: () => number = Date.now,
  ) {
    this.meter
      .createObservableGauge<{ source: string }>(`${PREFIX}.sources.sync.lag`, {
        description:
          "Seconds since the source's most recent successful sync of any target",
        unit: 'seconds',
      })
      .addCallback(async r => {
        let last: Map<string, number>;
        try {
          last = await lastSuccessBySource();
        } catch {
          return; // a database hiccup skips one observation
        }
        const at = now();
        for (const [source, successAt] of last) {
          r.observe(Math.max(0, (at - successAt) / 1000), { source });
        }
      });
  }
}
