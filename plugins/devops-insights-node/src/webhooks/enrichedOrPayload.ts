import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * How long a webhook waits for the vendor's API before it stores what the
 * payload carries: GitHub gives up on a delivery after 10 seconds and does
 * not redeliver it on its own; GitLab after 10 seconds too, by default.
 *
 * @public
 */
export const WEBHOOK_ENRICH_BUDGET_MS = 8_000;

/**
 * The event of a webhook enriched through the vendor's API, or, when that
 * fails for any reason (unreachable, 5xx after the client's retries, rate
 * limited, slower than the budget, an answer of an unexpected shape), the
 * event built from the payload alone, with a warning. The delivery is then
 * stored at once instead of answering 5xx and losing it; the poller's next
 * sync re-reads the item and stores the enriched event (same `updatedAt`,
 * so it replaces the payload's version).
 * @public
 */
export async function enrichedOrPayload<T>(options: {
  /** The event from the payload alone. */
  payload: T;
  /** The same event with what only the API tells; abort it on the signal. */
  enrich(signal: AbortSignal): Promise<T>;
  logger: LoggerService;
  /** The delivery in the warning, e.g. `GitHub deployment_status 123`. */
  describe: string;
  budgetMs?: number;
}): Promise<T> {
  const budget = options.budgetMs ?? WEBHOOK_ENRICH_BUDGET_MS;
  try {
    return await options.enrich(AbortSignal.timeout(budget));
  } catch (error) {
    options.logger.warn(
      `${
        options.describe
      }: stored from the payload alone, the API did not answer as expected (${
        (error as Error).message
      }); the next sync completes it`,
    );
    return options.payload;
  }
}
