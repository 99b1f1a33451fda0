import {
  LoggerService,
  RootLifecycleService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  DevopsInsightsEventSink,
  DevopsInsightsSource,
  DevopsInsightsSyncContext,
  DevopsInsightsWebhookRequest,
} from '@devops-insights/backstage-plugin-node';
import { SourceStateStore } from '../database/SourceStateStore';
import { InsightsTelemetry, webhookResult } from './telemetry';

/**
 * Runs the sources modules added: scheduled ones through the scheduler (one
 * run at a time across instances), unscheduled ones once after start-up, and
 * their webhooks.
 */
export class SourceRunner {
  constructor(
    private readonly deps: {
      sources: DevopsInsightsSource[];
      sink: DevopsInsightsEventSink;
      state: SourceStateStore;
      logger: LoggerService;
      scheduler: SchedulerService;
      lifecycle: RootLifecycleService;
      telemetry?: InsightsTelemetry;
    },
  ) {
    this.telemetry = deps.telemetry ?? new InsightsTelemetry();
  }

  private readonly telemetry: InsightsTelemetry;

  async start() {
    const { sources, scheduler, lifecycle, state } = this.deps;
    const ids = new Set(sources.map(s => s.id));
    // Of the sources this backend runs: a removed source's rows stay behind.
    this.telemetry.observeSyncLag(async () => {
      const last = await state.lastSuccessBySource();
      return new Map([...last].filter(([id]) => ids.has(id)));
    });
    for (const source of sources) {
      const context = this.syncContext(source);
      const sync = (ctx: DevopsInsightsSyncContext) =>
        this.telemetry.timeSync(source.id, () => source.sync(ctx));
      if (source.schedule) {
        await scheduler.scheduleTask({
          id: `devops-insights-source-${source.id}`,
          ...source.schedule,
          fn: async signal => sync({ ...context, signal }),
        });
      } else {
        // After start-up so the catalog is serving; failures are logged, not
        // fatal, since the backend is useful without any one source.
        lifecycle.addStartupHook(() => {
          sync(context).then(
            () => context.logger.info('Source sync finished'),
            error => context.logger.error('Source sync failed', error),
          );
        });
      }
    }
  }

  /** Hands a webhook delivery to its source's handler. */
  async webhook(sourceId: string, request: DevopsInsightsWebhookRequest) {
    const source = this.deps.sources.find(s => s.id === sourceId);
    if (!source?.webhook) {
      throw new NotFoundError(`No webhook for source '${sourceId}'`);
    }
    const { state, sink } = this.deps;
    let answer;
    try {
      answer = await source.webhook.handle(request, {
        sink,
        logger: this.deps.logger.child({ source: source.id, webhook: true }),
        deliveries: {
          claim: id => state.claimDelivery(source.id, id),
          release: id => state.releaseDelivery(source.id, id),
        },
      });
    } catch (thrown) {
      this.telemetry.recordWebhook(source.id, webhookResult({ thrown }));
      throw thrown;
    }
    this.telemetry.recordWebhook(source.id, webhookResult(answer));
    return answer;
  }

  private syncContext(source: DevopsInsightsSource): DevopsInsightsSyncContext {
    const { state, sink } = this.deps;
    return {
      sink,
      logger: this.deps.logger.child({ source: source.id }),
      cursors: {
        get: key => state.getCursor(source.id, key),
        set: (key, value) => state.setCursor(source.id, key, value),
      },
      status: {
        success: (target, { rowsIngested, rateLimit }) =>
          state.recordSuccess(source.id, target, rowsIngested, rateLimit),
        failure: (target, error, details) =>
          state.recordFailure(
            source.id,
            target,
            error.message,
            details?.rateLimit,
          ),
      },
    };
  }
}
