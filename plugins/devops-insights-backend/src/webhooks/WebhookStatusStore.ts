import { Knex } from 'knex';

/** The target of every configured webhook's status row. */
export const WEBHOOK_STATUS_TARGET = 'deliveries';

/**
 * Status of configured webhooks in `source_status` (so `GET /v1/sources`
 * lists them beside built-in sources): one row per webhook, with counts of
 * deliveries accepted and rejected, the last delivery, success and error.
 */
export class WebhookStatusStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes the webhook listed before its first delivery. */
  async register(source: string): Promise<void> {
    await this.knex('source_status')
      .insert({
        source,
        target: WEBHOOK_STATUS_TARGET,
        rows_ingested: 0,
        deliveries_accepted: 0,
        deliveries_rejected: 0,
      })
      .onConflict(['source', 'target'])
      .ignore();
  }

  /** A mapping that does not compile: the webhook's last error until fixed. */
  async configurationError(source: string, message: string): Promise<void> {
    await this.register(source);
    await this.knex('source_status')
      .where({ source, target: WEBHOOK_STATUS_TARGET })
      .update({
        last_error_message: message.slice(0, 2000),
        last_error_at: this.now(),
      });
  }

  async accepted(source: string, rowsStored: number): Promise<void> {
    await this.count(source, 'deliveries_accepted', {
      last_success_at: this.now(),
      rows_ingested: this.knex.raw('?? + ?', ['rows_ingested', rowsStored]),
    });
  }

  async rejected(source: string, message: string): Promise<void> {
    await this.count(source, 'deliveries_rejected', {
      last_error_message: message.slice(0, 2000),
      last_error_at: this.now(),
    });
  }

  private async count(
    source: string,
    column: 'deliveries_accepted' | 'deliveries_rejected',
    values: Record<string, unknown>,
  ) {
    await this.register(source);
    await this.knex('source_status')
      .where({ source, target: WEBHOOK_STATUS_TARGET })
      .update({
        ...values,
        [column]: this.knex.raw('coalesce(??, 0) + 1', [column]),
        last_delivery_at: this.now(),
      });
  }
}
