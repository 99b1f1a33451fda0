import { createHmac } from 'node:crypto';

/** The secret of githubConfig's webhooks. */
export const WEBHOOK_SECRET = "It's a Secret to Everybody";

/** A webhook request as GitHub signs it. */
export function signed(
  event: string,
  payload: unknown,
  delivery: string,
  secret = WEBHOOK_SECRET,
) {
  const rawBody = Buffer.from(JSON.stringify(payload));
  const signature = `sha256=${createHmac('sha256', secret)
    .update(rawBody)
    .digest('hex')}`;
  return {
    rawBody,
    headers: {
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature,
    },
  };
}

/** Every order of the items (n! of them; for short sequences). */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [
      item,
      ...rest,
    ]),
  );
}
