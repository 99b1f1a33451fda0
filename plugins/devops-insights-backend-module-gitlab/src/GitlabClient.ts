import { LoggerService } from '@backstage/backend-plugin-api';
import { RateLimitState } from '@devops-insights/backstage-plugin-common';

/** A non-2xx answer from the GitLab API (after rate-limit retries). */
export class GitlabApiError extends Error {
  readonly name = 'GitlabApiError';
  constructor(readonly status: number, readonly url: string, message: string) {
    super(`GitLab API ${status} for ${url}: ${message}`);
  }
}

/** Injected so tests never wait for a real rate-limit reset. */
export type Clock = {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }),
};

export type GitlabClientOptions = {
  /** e.g. `https://gitlab.com/api/v4`, no trailing slash. */
  apiBaseUrl: string;
  headers: () => Promise<Record<string, string>>;
  clock?: Clock;
  logger?: LoggerService;
  /** Longest single wait for a reset; beyond it the sync fails and resumes next run. */
  maxWaitMs?: number;
  maxRetries?: number;
};

type CachedResponse = { etag: string; body: unknown; next?: string };

const ETAG_CACHE_SIZE = 2000;
const BACKOFF_MS = 30_000;

/**
 * Minimal GitLab REST client on plain fetch: Link pagination, conditional
 * requests where GitLab sends ETags, and waiting out `429`s through
 * `Retry-After` or `RateLimit-Reset` with an injected clock.
 */
export class GitlabClient {
  private readonly clock: Clock;
  private readonly etags = new Map<string, CachedResponse>();
  private rateLimit: RateLimitState = {
    remaining: null,
    limit: null,
    resetAt: null,
  };

  constructor(private readonly options: GitlabClientOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** The headroom seen on the latest response, for the sync status. */
  get rateLimitState(): RateLimitState {
    return { ...this.rateLimit };
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>(this.url(path), signal)).body;
  }

  /** Yields page after page along `Link: rel="next"`; callers stop early by breaking out. */
  async *paginate<T>(path: string, signal?: AbortSignal): AsyncGenerator<T[]> {
    let url: string | undefined = this.url(path);
    while (url) {
      const page: { body: T[]; next?: string } = await this.request<T[]>(
        url,
        signal,
      );
      yield page.body;
      url = page.next;
    }
  }

  async all<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.paginate<T>(path, signal))
      items.push(...page);
    return items;
  }

  private url(path: string) {
    return path.startsWith('http') ? path : `${this.options.apiBaseUrl}${path}`;
  }

  private async request<T>(
    url: string,
    signal?: AbortSignal,
  ): Promise<{ body: T; next?: string }> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const cached = this.etags.get(url);
      const response = await fetch(url, {
        signal,
        headers: {
          accept: 'application/json',
          ...(await this.options.headers()),
          ...(cached ? { 'if-none-match': cached.etag } : {}),
        },
      });
      this.readRateLimit(response.headers);
      if (response.status === 304 && cached) {
        return { body: cached.body as T, next: cached.next };
      }
      if (response.ok) {
        const body = (await response.json()) as T;
        const next = parseNextLink(response.headers.get('link'));
        const etag = response.headers.get('etag');
        if (etag) this.remember(url, { etag, body, next });
        return { body, next };
      }
      const text = await response.text();
      const wait = this.rateLimitWait(response, attempt);
      if (wait === undefined || attempt >= maxRetries) {
        throw new GitlabApiError(response.status, url, text.slice(0, 300));
      }
      if (wait > (this.options.maxWaitMs ?? 15 * 60_000)) {
        throw new GitlabApiError(
          response.status,
          url,
          `rate limited until ${new Date(
            this.clock.now() + wait,
          ).toISOString()}`,
        );
      }
      this.options.logger?.info(
        `GitLab rate limit on ${url}; waiting ${Math.ceil(wait / 1000)}s`,
      );
      await this.clock.sleep(wait, signal);
    }
  }

  /** Milliseconds to wait before retrying, or undefined when it is no rate limit. */
  private rateLimitWait(response: Response, attempt: number) {
    if (response.status !== 429) return undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.headers.has('retry-after') && Number.isFinite(retryAfter)) {
      return retryAfter * 1000;
    }
    const reset = Number(response.headers.get('ratelimit-reset'));
    if (reset) return Math.max(0, reset * 1000 - this.clock.now()) + 1000;
    return BACKOFF_MS * 2 ** attempt;
  }

  private readRateLimit(headers: Headers) {
    const remaining = headers.get('ratelimit-remaining');
    if (remaining === null) return;
    const reset = Number(headers.get('ratelimit-reset'));
    this.rateLimit = {
      remaining: Number(remaining),
      limit: headers.has('ratelimit-limit')
        ? Number(headers.get('ratelimit-limit'))
        : null,
      resetAt: reset ? new Date(reset * 1000).toISOString() : null,
    };
  }

  private remember(url: string, entry: CachedResponse) {
    // Map keeps insertion order: drop the oldest entry when full.
    this.etags.delete(url);
    this.etags.set(url, entry);
    if (this.etags.size > ETAG_CACHE_SIZE)
      this.etags.delete(this.etags.keys().next().value!);
  }
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function parseNextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?([^";]+)"?/);
    if (match && match[2].split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}
