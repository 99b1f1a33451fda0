export { ingestWebhookDelivery, webhookHeader } from './ingestDelivery';
