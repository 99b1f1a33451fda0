export { ingestWebhookDelivery, webhookHeader } from './ingestDelivery';
export type { WebhookEnricher } from './ingestDelivery';
export {
  enrichedOrPayload,
  WEBHOOK_ENRICH_BUDGET_MS,
} from './enrichedOrPayload';
