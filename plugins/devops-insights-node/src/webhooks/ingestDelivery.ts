import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsWebhookContext,
  DevopsInsightsWebhookRequest,
} from '../sources';
import { enrichedOrPayload } from './enrichedOrPayload';

/**
 * {@link enrichedOrPayload} bound to one delivery's logger and description:
 * the enriched event, or the payload's own when the vendor's API fails.
 * @public
 */
export type WebhookEnricher = <T>(
  fromPayload: T,
  enrich: (signal: AbortSignal) => Promise<T>,
) => Promise<T>;

/**
 * The first value of a request header (names lower-case).
 * @public
 */
export function webhookHeader(
  request: DevopsInsightsWebhookRequest,
  name: string,
): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The common tail of a webhook handler, after the sender was verified and
 * the delivery id read: parses the JSON body (400 if it is none), claims
 * the delivery (200 `duplicate` when seen before), asks `eventsOf` for the
 * events (202 `ignored` when it declines; what needs the vendor's API goes
 * through its `enriched`) and ingests them (200 with the
 * counts). When that throws, the delivery is released so the sender's retry
 * is processed, the failure logged as `<describe> failed`, and the error
 * rethrown.
 * @public
 */
export async function ingestWebhookDelivery(
  request: DevopsInsightsWebhookRequest,
  context: DevopsInsightsWebhookContext,
  options: {
    deliveryId: string;
    /** The delivery in the log line, e.g. `GitHub webhook push 1234`. */
    describe: string;
    /** The events of the payload, or why it is ignored. */
    eventsOf(
      payload: any,
      enriched: WebhookEnricher,
    ): Promise<DevopsInsightsEventInput[] | { ignored: string | undefined }>;
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  let payload: any;
  try {
    payload = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'body is not JSON' } };
  }
  const { deliveryId } = options;
  if (!(await context.deliveries.claim(deliveryId))) {
    return { status: 200, body: { duplicate: true } };
  }
  try {
    const events = await options.eventsOf(payload, (fromPayload, enrich) =>
      enrichedOrPayload({
        payload: fromPayload,
        enrich,
        logger: context.logger,
        describe: options.describe,
      }),
    );
    if (!Array.isArray(events)) {
      return { status: 202, body: { ignored: events.ignored } };
    }
    const result = events.length
      ? await context.sink.ingest(events)
      : undefined;
    return { status: 200, body: { ingested: events.length, ...result } };
  } catch (error) {
    await context.deliveries.release(deliveryId);
    context.logger.error(`${options.describe} failed`, error as Error);
    throw error;
  }
}
