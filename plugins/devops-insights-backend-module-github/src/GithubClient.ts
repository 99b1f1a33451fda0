import {
  RateLimitedApi,
  RateLimitedClient,
  RateLimitedClientOptions,
} from '@devops-insights/backstage-plugin-node';

/** A non-2xx answer from the GitHub API (after rate-limit retries). */
export class GithubApiError extends Error {
  readonly name = 'GithubApiError';
  constructor(readonly status: number, readonly url: string, message: string) {
    super(`GitHub API ${status} for ${url}: ${message}`);
  }
}

export type GithubClientOptions = RateLimitedClientOptions;

const SECONDARY_BACKOFF_MS = 60_000;

/**
 * GitHub's rate limits: primary limits answer 403 or 429 with
 * `x-ratelimit-remaining: 0` until `x-ratelimit-reset`; secondary limits
 * come without headers (429, or 403 saying so), and GitHub asks for at
 * least a minute, growing.
 */
export const GITHUB_API: RateLimitedApi = {
  name: 'GitHub',
  defaultHeaders: {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  },
  rules: {
    statuses: [403, 429],
    headers: {
      remaining: 'x-ratelimit-remaining',
      limit: 'x-ratelimit-limit',
      reset: 'x-ratelimit-reset',
    },
    waitForReset: headers => headers.get('x-ratelimit-remaining') === '0',
    backoffMs: (status, body) =>
      status === 429 || /secondary rate limit/i.test(body)
        ? SECONDARY_BACKOFF_MS
        : undefined,
  },
  createError: (status, url, message) =>
    new GithubApiError(status, url, message),
};

/**
 * Minimal GitHub REST client: the shared rate-limited client with GitHub's
 * headers, rate-limit rules and error.
 */
export class GithubClient extends RateLimitedClient {
  constructor(options: GithubClientOptions) {
    super(options, GITHUB_API);
  }
}
