import { LoggerService } from '@backstage/backend-plugin-api';
import { RateLimitState } from '@devops-insights/backstage-plugin-common';

/**
 * Time as the HTTP client and the pollers see it; injected so tests never
 * wait for a real rate-limit reset.
 * @public
 */
export type Clock = {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

/**
 * The wall clock: `Date.now()` and a `setTimeout` sleep that rejects with
 * the signal's reason when it is aborted.
 * @public
 */
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

/**
 * How one provider signals rate limits. `Retry-After` (seconds) always wins
 * when present; otherwise the client waits until the reset header's time
 * when `waitForReset` says so, else backs off exponentially from
 * `backoffMs`.
 * @public
 */
export type RateLimitRules = {
  /** Answer statuses that may be rate limits (e.g. 403 and 429); others fail at once. */
  statuses: number[];
  /** Names of the headers carrying the remaining budget, its size and its reset time (epoch seconds). */
  headers: { remaining: string; limit: string; reset: string };
  /** Whether this answer asks to wait until the reset header's time. */
  waitForReset(headers: Headers): boolean;
  /**
   * The first backoff for a rate limit that names no time, doubled per
   * attempt; undefined when the answer is no rate limit after all.
   */
  backoffMs(status: number, body: string): number | undefined;
};

/**
 * What makes a {@link RateLimitedClient} talk to one provider.
 * @public
 */
export type RateLimitedApi = {
  /** The provider's name in log lines, e.g. `GitHub`. */
  name: string;
  /** Sent with every request, before the auth headers (e.g. `accept`). */
  defaultHeaders: Record<string, string>;
  rules: RateLimitRules;
  /** The error for a non-2xx answer that is not retried (any more); status 0 when nothing answered. */
  createError(status: number, url: string, message: string): Error;
};

/** @public */
export type RateLimitedClientOptions = {
  /** e.g. `https://api.github.com`, no trailing slash. */
  apiBaseUrl: string;
  /** Auth headers; asked per request since tokens may expire. */
  headers: () => Promise<Record<string, string>>;
  clock?: Clock;
  logger?: LoggerService;
  /** Longest single wait for a rate-limit reset; beyond it the request fails and the sync resumes next run. Default 15 minutes. */
  maxWaitMs?: number;
  /** Retries of one request after rate limits. Default 3. */
  maxRetries?: number;
  /** Longest wait for one answer, body included; then the request counts as failed. Default 30 seconds. */
  requestTimeoutMs?: number;
  /**
   * Retries of one request after a transient failure: no answer (network
   * error, timeout) or a 5xx. Default 3, after jittered backoffs.
   */
  maxTransientRetries?: number;
  /** Source of the backoff jitter; injected by tests. Default Math.random. */
  random?: () => number;
};

const TRANSIENT_BACKOFF_BASE_MS = 1000;
const TRANSIENT_BACKOFF_CAP_MS = 30_000;

/**
 * The wait before retry `attempt` (0-based) after a transient failure:
 * exponential from `baseMs` up to `capMs`, with "equal jitter" (half fixed,
 * half random) so a retry never hammers at once and clients that failed
 * together do not retry together.
 * @public
 */
export function jitteredBackoffMs(
  attempt: number,
  random: () => number,
  baseMs = TRANSIENT_BACKOFF_BASE_MS,
  capMs = TRANSIENT_BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** No answer at all: a network error or the request timeout. */
class NoAnswer extends Error {}

type CachedResponse = { etag: string; body: unknown; next?: string };

const ETAG_CACHE_SIZE = 2000;

/**
 * Minimal REST client on plain fetch for the source modules: `Link`
 * pagination, conditional requests with a bounded ETag cache (a 304 is
 * answered from it), the latest rate-limit headroom, and waiting out rate
 * limits by the provider's {@link RateLimitRules} through an injected clock.
 * Each request has a timeout; network errors, timeouts and 5xx answers are
 * retried a few times after jittered backoffs. A request that fails for
 * good throws the provider's error, with status 0 when nothing answered.
 * @public
 */
export class RateLimitedClient {
  private readonly clock: Clock;
  private readonly etags = new Map<string, CachedResponse>();
  private rateLimit: RateLimitState = {
    remaining: null,
    limit: null,
    resetAt: null,
  };

  constructor(
    private readonly options: RateLimitedClientOptions,
    private readonly api: RateLimitedApi,
  ) {
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
  async *paginate<T>(
    path: string,
    pick: (body: any) => T[] = body => body as T[],
    signal?: AbortSignal,
  ): AsyncGenerator<T[]> {
    let url: string | undefined = this.url(path);
    while (url) {
      const page: { body: unknown; next?: string } = await this.request(
        url,
        signal,
      );
      yield pick(page.body);
      url = page.next;
    }
  }

  /** Every item of every page. */
  async all<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.paginate<T>(path, undefined, signal))
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
    const maxTransientRetries = this.options.maxTransientRetries ?? 3;
    let transient = 0;
    for (let attempt = 0; ; ) {
      signal?.throwIfAborted();
      const cached = this.etags.get(url);
      let answer: { response: Response; text: string };
      try {
        answer = await this.fetchText(url, cached?.etag, signal);
      } catch (error) {
        // The caller gave up: no retry.
        signal?.throwIfAborted();
        if (!(error instanceof NoAnswer)) throw error;
        if (transient >= maxTransientRetries) {
          throw this.api.createError(0, url, error.message);
        }
        await this.transientBackoff(url, error.message, transient++, signal);
        continue;
      }
      const { response, text } = answer;
      this.readRateLimit(response.headers);
      if (response.status === 304 && cached) {
        return { body: cached.body as T, next: cached.next };
      }
      if (response.ok) {
        const body = JSON.parse(text) as T;
        const next = parseNextLink(response.headers.get('link'));
        const etag = response.headers.get('etag');
        if (etag) this.remember(url, { etag, body, next });
        return { body, next };
      }
      if (response.status >= 500 && transient < maxTransientRetries) {
        await this.transientBackoff(
          url,
          `answered ${response.status}`,
          transient++,
          signal,
        );
        continue;
      }
      const wait = this.rateLimitWait(response, text, attempt);
      if (wait === undefined || attempt >= maxRetries) {
        throw this.api.createError(response.status, url, text.slice(0, 300));
      }
      attempt++;
      if (wait > (this.options.maxWaitMs ?? 15 * 60_000)) {
        throw this.api.createError(
          response.status,
          url,
          `rate limited until ${new Date(
            this.clock.now() + wait,
          ).toISOString()}`,
        );
      }
      this.options.logger?.info(
        `${this.api.name} rate limit on ${url}; waiting ${Math.ceil(
          wait / 1000,
        )}s`,
      );
      await this.clock.sleep(wait, signal);
    }
  }

  /**
   * One request with the per-request timeout covering the body too (a
   * connection that stalls mid-body is as transient as one refused).
   * Throws NoAnswer for anything but the caller's own abort.
   */
  private async fetchText(
    url: string,
    etag: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ response: Response; text: string }> {
    const timeout = AbortSignal.timeout(
      this.options.requestTimeoutMs ?? 30_000,
    );
    const headers = {
      ...this.api.defaultHeaders,
      ...(await this.options.headers()),
      ...(etag ? { 'if-none-match': etag } : {}),
    };
    try {
      const response = await fetch(url, {
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        headers,
      });
      return { response, text: await response.text() };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new NoAnswer(
        timeout.aborted
          ? `no answer within ${this.options.requestTimeoutMs ?? 30_000} ms`
          : `no answer: ${(error as Error).message}`,
      );
    }
  }

  private async transientBackoff(
    url: string,
    what: string,
    attempt: number,
    signal?: AbortSignal,
  ) {
    const wait = jitteredBackoffMs(attempt, this.options.random ?? Math.random);
    this.options.logger?.warn(
      `${this.api.name} ${url} ${what}; retrying in ${Math.ceil(wait / 1000)}s`,
    );
    await this.clock.sleep(wait, signal);
  }

  /** Milliseconds to wait before retrying, or undefined when it is no rate limit. */
  private rateLimitWait(response: Response, text: string, attempt: number) {
    const { rules } = this.api;
    if (!rules.statuses.includes(response.status)) return undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.headers.has('retry-after') && Number.isFinite(retryAfter)) {
      return retryAfter * 1000;
    }
    if (rules.waitForReset(response.headers)) {
      const reset = Number(response.headers.get(rules.headers.reset)) * 1000;
      return Math.max(0, reset - this.clock.now()) + 1000;
    }
    const backoff = rules.backoffMs(response.status, text);
    return backoff === undefined ? undefined : backoff * 2 ** attempt;
  }

  private readRateLimit(headers: Headers) {
    const names = this.api.rules.headers;
    const remaining = headers.get(names.remaining);
    if (remaining === null) return;
    const reset = Number(headers.get(names.reset));
    this.rateLimit = {
      remaining: Number(remaining),
      limit: headers.has(names.limit) ? Number(headers.get(names.limit)) : null,
      resetAt: reset ? new Date(reset * 1000).toISOString() : null,
    };
  }

  private remember(url: string, entry: CachedResponse) {
    // Map keeps insertion order: drop the oldest entry when full.
    this.etags.delete(url);
    this.etags.set(url, entry);
    if (this.etags.size > ETAG_CACHE_SIZE) {
      this.etags.delete(this.etags.keys().next().value!);
    }
  }
}

/**
 * The `rel="next"` target of an RFC 8288 Link header.
 * @public
 */
export function parseNextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?([^";]+)"?/);
    if (match && match[2].split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}
