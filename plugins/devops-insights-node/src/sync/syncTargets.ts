import { RateLimitState } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsSyncContext } from '../sources';

/**
 * One sync over a source's targets (repositories, projects), one after the
 * other. Each reports success with its rows or failure to `ctx.status`,
 * with the rate-limit headroom seen; a failing target is logged and does
 * not stop the others (its cursors stay where its last stored batch left
 * them). An abort ends the whole sync.
 * @public
 */
export async function syncTargets<T>(
  ctx: DevopsInsightsSyncContext,
  options: {
    targets: T[];
    /** Logged when there is no target at all. */
    noTargetsMessage: string;
    /** The provider's name in log lines, e.g. `GitHub`. */
    name: string;
    /** The target's key in the sync status. */
    keyOf(target: NoInfer<T>): string;
    /** Syncs one target; returns the number of events ingested. */
    sync(target: NoInfer<T>): Promise<number>;
    /** The headroom the target's client saw last. */
    rateLimitOf(target: NoInfer<T>): RateLimitState | undefined;
  },
): Promise<void> {
  if (!options.targets.length) {
    ctx.logger.info(options.noTargetsMessage);
    return;
  }
  for (const target of options.targets) {
    ctx.signal?.throwIfAborted();
    const key = options.keyOf(target);
    try {
      const rows = await options.sync(target);
      await ctx.status.success(key, {
        rowsIngested: rows,
        rateLimit: options.rateLimitOf(target),
      });
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      ctx.logger.warn(`${options.name} sync of ${key} failed: ${error}`);
      await ctx.status.failure(key, error as Error, {
        rateLimit: options.rateLimitOf(target),
      });
    }
  }
}
