import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  DevopsInsightsWebhookContext,
  DevopsInsightsWebhookHandler,
  DevopsInsightsWebhookRequest,
} from '@devops-insights/backstage-plugin-node';
import {
  APPLIED_WEBHOOK_EVENTS,
  invalidWebhookField,
  mapWebhookIncident,
} from './mapping';
import { PdWebhookEvent } from './types';

const SIGNATURE_HEADER = 'x-pagerduty-signature';

function header(
  headers: DevopsInsightsWebhookRequest['headers'],
  name: string,
) {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  const value = key ? headers[key] : undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * True when any `v1=<hex>` signature in the header is the HMAC-SHA256 of the
 * raw body under any configured secret. Several signatures arrive during a
 * secret rotation. Every pair is compared in constant time and without an
 * early exit, so timing reveals neither which secret nor which signature.
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  signatureHeader: string | undefined,
  secrets: string[],
): boolean {
  if (!signatureHeader || !secrets.length) return false;
  const provided = signatureHeader
    .split(',')
    .map(part => part.trim())
    .filter(part => part.startsWith('v1='))
    .map(part => part.slice(3))
    .filter(hex => /^[0-9a-fA-F]{64}$/.test(hex))
    .map(hex => Buffer.from(hex, 'hex'));
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    for (const signature of provided) {
      if (timingSafeEqual(expected, signature)) valid = true;
    }
  }
  return valid;
}

export type WebhookHandlerOptions = {
  secrets: string[];
  /** The catalog entity of a PagerDuty service, across accounts. */
  entityOfService: (serviceId: string) => Promise<string | undefined>;
};

/**
 * Receives PagerDuty v3 webhooks: verifies, de-duplicates on the event id and
 * applies incident lifecycle events at once, in any delivery order (see
 * mapWebhookIncident). The poller later rewrites the same incident (same id)
 * from its full log, filling what a payload lacks.
 */
export class PagerDutyWebhookHandler implements DevopsInsightsWebhookHandler {
  constructor(private readonly options: WebhookHandlerOptions) {}

  async handle(
    request: DevopsInsightsWebhookRequest,
    { sink, logger, deliveries }: DevopsInsightsWebhookContext,
  ): Promise<{ status: number; body?: Record<string, unknown> }> {
    const signature = header(request.headers, SIGNATURE_HEADER);
    if (
      !verifyPagerDutySignature(
        request.rawBody,
        signature,
        this.options.secrets,
      )
    ) {
      return {
        status: 401,
        body: { error: 'invalid or missing X-PagerDuty-Signature' },
      };
    }
    let payload: PdWebhookEvent;
    try {
      payload = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'body is not JSON' } };
    }
    const event = payload?.event;
    if (!event?.id || !event.event_type || !event.data?.id) {
      return { status: 400, body: { error: 'not a v3 webhook event' } };
    }
    if (!APPLIED_WEBHOOK_EVENTS.has(event.event_type)) {
      return { status: 202, body: { ignored: event.event_type } };
    }
    // A delivery that cannot be stored now cannot be stored on a retry
    // either: 4xx, which PagerDuty drops without retrying (5xx it retries
    // for 48 hours, and disables the subscription after repeated failures).
    const invalid = invalidWebhookField(payload);
    if (invalid) {
      return { status: 400, body: { error: 'invalid webhook event', invalid } };
    }
    if (!(await deliveries.claim(event.id))) {
      return { status: 200, body: { duplicate: event.id } };
    }
    try {
      const serviceId = event.data.service?.id;
      const entityRef = serviceId
        ? await this.options.entityOfService(serviceId)
        : undefined;
      if (!entityRef) {
        return {
          status: 202,
          body: { ignored: 'service not mapped to an entity' },
        };
      }
      let incident;
      try {
        incident = mapWebhookIncident(payload, entityRef);
      } catch (error) {
        // A payload of unexpected shape (a number where text belongs)
        // fails the same way on every retry.
        await deliveries.release(event.id);
        return {
          status: 400,
          body: { error: `the event cannot be read: ${error}` },
        };
      }
      await sink.ingest([incident]);
      return {
        status: 202,
        body: { applied: event.event_type, incidentId: incident.id },
      };
    } catch (error) {
      // Forget the id: a retry of a transient failure must be processed.
      await deliveries.release(event.id);
      if ((error as Error).name === 'InputError') {
        // The sink refused the event (validation): permanent, never retried.
        logger.warn(`PagerDuty webhook ${event.id} refused: ${error}`);
        return {
          status: 400,
          body: {
            error: 'the event does not validate',
            errors: (error as { errors?: unknown }).errors,
          },
        };
      }
      logger.error(`PagerDuty webhook ${event.id} failed`, error as Error);
      return { status: 500, body: { error: 'could not apply the event' } };
    }
  }
}
