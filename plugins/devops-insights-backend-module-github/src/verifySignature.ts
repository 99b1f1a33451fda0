import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Hub-Signature-256` (`sha256=<hex HMAC-SHA256 of the raw body>`)
 * against each configured secret. The comparison is constant-time so the
 * answer's timing leaks nothing about how much of a guess was right.
 */
export function verifyGithubSignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secrets: string[],
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^sha256=([0-9a-f]{64})$/i);
  if (!match) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early exit: every secret is checked whatever the outcome.
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}
