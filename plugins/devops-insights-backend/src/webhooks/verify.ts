import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookAuth } from './settings';

type Headers = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

/** Constant-time for equal lengths; a length is no secret. */
function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a token header or parameter can be checked before the body is read. */
export const verifiedWithoutBody = (auth: WebhookAuth) => auth.kind === 'token';

/**
 * Why the delivery is not from the configured sender, or undefined when it
 * is. Messages name what is missing or wrong, never a secret or the value
 * that was sent.
 */
export function verificationFailure(
  auth: WebhookAuth,
  request: {
    headers: Headers;
    query?: Record<string, unknown>;
    rawBody?: Buffer;
  },
  now: () => number = Date.now,
): string | undefined {
  switch (auth.kind) {
    case 'token': {
      const sent = auth.header
        ? first(request.headers[auth.header])
        : request.query?.[auth.queryParameter!];
      const where = auth.header
        ? `header ${auth.header}`
        : `query parameter ${auth.queryParameter}`;
      if (typeof sent !== 'string') return `missing ${where}`;
      const expected = Buffer.from(`${auth.prefix}${auth.secret}`);
      return same(Buffer.from(sent), expected) ? undefined : `wrong ${where}`;
    }
    case 'hmac': {
      const sent = first(request.headers[auth.header]);
      if (!sent) return `missing signature header ${auth.header}`;
      if (!sent.startsWith(auth.prefix)) {
        return `signature header ${auth.header} must start with '${auth.prefix}'`;
      }
      const expected = createHmac(auth.algorithm, auth.secret)
        .update(request.rawBody ?? Buffer.alloc(0))
        .digest();
      const given = Buffer.from(sent.slice(auth.prefix.length), auth.encoding);
      return same(given, expected) ? undefined : 'signature mismatch';
    }
    case 'standardWebhooks': {
      // https://www.standardwebhooks.com: HMAC-SHA256 of `id.timestamp.body`,
      // base64, in a space-separated list of `v1,<signature>`.
      const id = first(request.headers['webhook-id']);
      const timestamp = first(request.headers['webhook-timestamp']);
      const signatures = first(request.headers['webhook-signature']);
      if (!id || !timestamp || !signatures) {
        return 'missing webhook-id, webhook-timestamp or webhook-signature header';
      }
      const seconds = Number(timestamp);
      if (
        !/^\d{1,12}$/.test(timestamp) ||
        Math.abs(now() / 1000 - seconds) > auth.toleranceSeconds
      ) {
        return `webhook-timestamp is not within ${auth.toleranceSeconds} s of now`;
      }
      const expected = createHmac('sha256', auth.secret)
        .update(`${id}.${timestamp}.`)
        .update(request.rawBody ?? Buffer.alloc(0))
        .digest();
      const match = signatures
        .split(' ')
        .some(
          entry =>
            entry.startsWith('v1,') &&
            same(Buffer.from(entry.slice(3), 'base64'), expected),
        );
      return match ? undefined : 'signature mismatch';
    }
    default:
      return 'unsupported authentication';
  }
}
