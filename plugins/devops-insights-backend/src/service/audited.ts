import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a write as an audit event of Backstage's auditor: `initiated` before,
 * `succeeded` with what `outcome` says of the result (how many rows), or
 * `failed` with the error. Who is the auditor's own reading of the request's
 * credentials (a user or a service token's subject); without a request it is
 * the plugin itself, and `meta` names the sender.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: { eventId: string; request?: Request; meta: JsonObject },
  write: () => Promise<T>,
  outcome: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent({
    ...options,
    severityLevel: 'medium',
  });
  let result: T;
  try {
    result = await write();
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
  await event.success({ meta: outcome(result) });
  return result;
}
