import { InputError } from '@backstage/errors';
import {
  RateLimitState,
  SourceStatus,
  storableString,
} from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';

/** What `webhook_deliveries.delivery_id` holds; senders choose the id. */
const deliveryIdSchema = storableString().min(1).max(200);

const iso = (value: unknown) =>
  value === null || value === undefined
    ? null
    : new Date(Number(value)).toISOString();

/** What source modules keep between runs: cursors, sync health, deliveries. */
export class SourceStateStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async getCursor(source: string, key: string): Promise<string | undefined> {
    const row = await this.knex('source_cursors')
      .where({ source, cursor_key: key })
      .first('value');
    return row?.value;
  }

  async setCursor(source: string, key: string, value: string): Promise<void> {
    await this.knex('source_cursors')
      .insert({ source, cursor_key: key, value, updated_at: this.now() })
      .onConflict(['source', 'cursor_key'])
      .merge(['value', 'updated_at']);
  }

  async recordSuccess(
    source: string,
    target: string,
    rowsIngested: number,
    rateLimit?: RateLimitState,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      const existing = await tx('source_status')
        .where({ source, target })
        .first();
      const values = {
        last_success_at: this.now(),
        rows_ingested: Number(existing?.rows_ingested ?? 0) + rowsIngested,
        rate_limit: rateLimit
          ? JSON.stringify(rateLimit)
          : existing?.rate_limit ?? null,
      };
      if (existing)
        await tx('source_status').where({ source, target }).update(values);
      else await tx('source_status').insert({ source, target, ...values });
    });
  }

  async recordFailure(
    source: string,
    target: string,
    message: string,
    rateLimit?: RateLimitState,
  ): Promise<void> {
    const values = {
      last_error_message: message.slice(0, 2000),
      last_error_at: this.now(),
      ...(rateLimit && { rate_limit: JSON.stringify(rateLimit) }),
    };
    await this.knex('source_status')
      .insert({ source, target, rows_ingested: 0, ...values })
      .onConflict(['source', 'target'])
      .merge(Object.keys(values));
  }

  async listStatus(): Promise<SourceStatus[]> {
    const rows = await this.knex('source_status').orderBy(['source', 'target']);
    return rows.map(r => ({
      source: r.source,
      target: r.target,
      lastSuccessAt: iso(r.last_success_at),
      lastError:
        r.last_error_at !== null && r.last_error_at !== undefined
          ? { message: r.last_error_message, at: iso(r.last_error_at)! }
          : null,
      rowsIngested: Number(r.rows_ingested),
      rateLimit: r.rate_limit ? JSON.parse(r.rate_limit) : null,
      ...(r.deliveries_accepted !== null &&
        r.deliveries_accepted !== undefined && {
          deliveries: {
            accepted: Number(r.deliveries_accepted),
            rejected: Number(r.deliveries_rejected ?? 0),
            lastAt: iso(r.last_delivery_at),
          },
        }),
    }));
  }

  /**
   * Each source's most recent successful sync of any target (epoch ms), for
   * the lag gauge; sources that never succeeded are absent.
   */
  async lastSuccessBySource(): Promise<Map<string, number>> {
    const rows: Array<{ source: string; at: unknown }> = await this.knex(
      'source_status',
    )
      .whereNotNull('last_success_at')
      .groupBy('source')
      .select('source', this.knex.raw('max(last_success_at) as at'));
    return new Map(rows.map(r => [r.source, Number(r.at)]));
  }

  /** True the first time a delivery id is seen for the source. */
  async claimDelivery(source: string, deliveryId: string): Promise<boolean> {
    // A delivery the column cannot hold can never succeed: 400, not a 500
    // the sender would retry.
    if (!deliveryIdSchema.safeParse(deliveryId).success) {
      throw new InputError(
        'The delivery id must be 1 to 200 characters without NUL',
      );
    }
    const inserted = await this.knex('webhook_deliveries')
      .insert({ source, delivery_id: deliveryId, received_at: this.now() })
      .onConflict(['source', 'delivery_id'])
      .ignore()
      .returning('delivery_id');
    return inserted.length > 0;
  }

  async releaseDelivery(source: string, deliveryId: string): Promise<void> {
    await this.knex('webhook_deliveries')
      .where({ source, delivery_id: deliveryId })
      .delete();
  }
}
