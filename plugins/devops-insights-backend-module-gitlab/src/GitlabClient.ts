import {
  RateLimitedApi,
  RateLimitedClient,
  RateLimitedClientOptions,
} from '@devops-insights/backstage-plugin-node';

/** A non-2xx answer from the GitLab API (after rate-limit retries). */
export class GitlabApiError extends Error {
  readonly name = 'GitlabApiError';
  constructor(readonly status: number, readonly url: string, message: string) {
    super(`GitLab API ${status} for ${url}: ${message}`);
  }
}

export type GitlabClientOptions = RateLimitedClientOptions;

const BACKOFF_MS = 30_000;

/**
 * GitLab's rate limits: a `429`, with `Retry-After` or `RateLimit-Reset`
 * when GitLab sends them, else an exponential backoff.
 */
export const GITLAB_API: RateLimitedApi = {
  name: 'GitLab',
  defaultHeaders: { accept: 'application/json' },
  rules: {
    statuses: [429],
    headers: {
      remaining: 'ratelimit-remaining',
      limit: 'ratelimit-limit',
      reset: 'ratelimit-reset',
    },
    waitForReset: headers => Boolean(Number(headers.get('ratelimit-reset'))),
    backoffMs: () => BACKOFF_MS,
  },
  createError: (status, url, message) =>
    new GitlabApiError(status, url, message),
};

/**
 * Minimal GitLab REST client: the shared rate-limited client (ETags where
 * GitLab sends them, Link pagination) with GitLab's headers and rules.
 */
export class GitlabClient extends RateLimitedClient {
  constructor(options: GitlabClientOptions) {
    super(options, GITLAB_API);
  }
}
