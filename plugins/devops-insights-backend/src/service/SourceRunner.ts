import {
  LoggerService,
  RootLifecycleService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  DevopsInsightsEventSink,
  DevopsInsightsSource,
} from '@devops-insights/backstage-plugin-node';

/**
 * Runs the sources modules added: scheduled ones through the scheduler (one
 * run at a time across instances), unscheduled ones once after start-up.
 */
export class SourceRunner {
  constructor(
    private readonly deps: {
      sources: DevopsInsightsSource[];
      sink: DevopsInsightsEventSink;
      logger: LoggerService;
      scheduler: SchedulerService;
      lifecycle: RootLifecycleService;
    },
  ) {}

  async start() {
    const { sources, sink, logger, scheduler, lifecycle } = this.deps;
    for (const source of sources) {
      const sourceLogger = logger.child({ source: source.id });
      if (source.schedule) {
        await scheduler.scheduleTask({
          id: `devops-insights-source-${source.id}`,
          ...source.schedule,
          fn: async signal => {
            await source.sync({ sink, logger: sourceLogger, signal });
          },
        });
      } else {
        // After start-up so the catalog is serving; failures are logged, not
        // fatal, since the backend is useful without any one source.
        lifecycle.addStartupHook(() => {
          source.sync({ sink, logger: sourceLogger }).then(
            () => sourceLogger.info('Source sync finished'),
            error => sourceLogger.error('Source sync failed', error),
          );
        });
      }
    }
  }
}
