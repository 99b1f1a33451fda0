import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares `X-Gitlab-Token` with each configured token in constant time.
 * Hashing first gives equal lengths, so not even the token's length leaks.
 */
export function verifyGitlabToken(
  header: string | string[] | undefined,
  tokens: string[],
): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given) return false;
  let valid = false;
  for (const token of tokens) {
    if (timingSafeEqual(digest(token), digest(given))) valid = true;
  }
  return valid;
}
