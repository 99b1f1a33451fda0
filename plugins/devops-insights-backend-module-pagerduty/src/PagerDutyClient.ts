import { RateLimitState } from '@devops-insights/backstage-plugin-common';
import { PagerDutyAccount } from './config';

/** Classic pagination refuses offset + limit above this (400). */
export const MAX_OFFSET = 10000;
/** Largest page PagerDuty serves. */
export const PAGE_SIZE = 100;
/** Time-ranged list endpoints refuse ranges above 6 months; we stay far below. */
export const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** A window is not split below this; more than 10 000 rows in it is an error. */
export const MIN_WINDOW_MS = 60 * 1000;

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60 * 1000;
const OAUTH_SCOPES = [
  'incidents.read',
  'services.read',
  'users.read',
  'oncalls.read',
  'escalation_policies.read',
  'schedules.read',
].join(' ');

export type QueryValue = string | number | boolean | string[] | undefined;
export type Query = Record<string, QueryValue>;

/** A PagerDuty error answer, or transport failures that outlived the retries. */
export class PagerDutyApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'PagerDutyApiError';
  }
}

/** Thrown when a listing would need an offset beyond 10 000; callers split. */
export class OffsetCapError extends PagerDutyApiError {}

export type PagerDutyClientOptions = {
  account: PagerDutyAccount;
  fetch?: typeof fetch;
  /** Injected so tests never wait for real. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  maxAttempts?: number;
  /** OAuth token endpoint; defaults to PagerDuty's identity service of the region. */
  tokenUrl?: string;
  requestTimeoutMs?: number;
};

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Splits [since, until) into consecutive windows of at most `maxMs`. */
export function splitRange(since: number, until: number, maxMs: number) {
  const windows: Array<{ since: number; until: number }> = [];
  for (let start = since; start < until; start += maxMs) {
    windows.push({ since: start, until: Math.min(until, start + maxMs) });
  }
  return windows;
}

export function buildQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // Set filters repeat the key (`service_ids[]=a&service_ids[]=b`).
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(key, String(v));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * REST API v2 client for one account. All requests of an account go through
 * one serial queue, as PagerDuty's rate-limit guide asks, so the poller and
 * anything else sharing the client never compete for the same budget.
 */
export class PagerDutyClient {
  private queue: Promise<unknown> = Promise.resolve();
  private pauseUntil = 0;
  private token?: { value: string; expiresAt: number };
  private state: RateLimitState = {
    remaining: null,
    limit: null,
    resetAt: null,
  };
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxAttempts: number;

  constructor(private readonly options: PagerDutyClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  get accountId() {
    return this.options.account.id;
  }

  /** The last rate-limit headers seen, for the sync status. */
  get rateLimit(): RateLimitState {
    return { ...this.state };
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const run = this.queue.then(() => this.request<T>(path, query));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** All rows of a classic-paginated listing, following `more`. */
  async list<T>(path: string, key: string, query: Query = {}): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      if (offset + PAGE_SIZE > MAX_OFFSET) {
        throw new OffsetCapError(
          `${path} has more than ${MAX_OFFSET} results; the query must be narrowed`,
        );
      }
      const page = await this.get<Record<string, unknown>>(path, {
        ...query,
        limit: PAGE_SIZE,
        offset,
      });
      rows.push(...((page[key] as T[] | undefined) ?? []));
      if (!page.more) return rows;
    }
  }

  /**
   * All rows of a time-ranged listing in [since, until). A window holding more
   * than the offset cap is halved until each half fits; `total=true` on the
   * first page tells early, the cap error is the fallback when it is absent.
   */
  async listWindow<T>(
    path: string,
    key: string,
    query: Query,
    since: number,
    until: number,
  ): Promise<T[]> {
    const base = {
      ...query,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    };
    const canSplit = until - since >= 2 * MIN_WINDOW_MS;
    const first = await this.get<Record<string, unknown>>(path, {
      ...base,
      limit: PAGE_SIZE,
      offset: 0,
      total: true,
    });
    const total = typeof first.total === 'number' ? first.total : undefined;
    const split = async () => {
      const mid = since + Math.floor((until - since) / 2);
      return [
        ...(await this.listWindow<T>(path, key, query, since, mid)),
        ...(await this.listWindow<T>(path, key, query, mid, until)),
      ];
    };
    if (total !== undefined && total > MAX_OFFSET) {
      if (canSplit) return split();
      throw new OffsetCapError(
        `${path} has ${total} results between ${base.since} and ${base.until}`,
      );
    }
    const rows = [...((first[key] as T[] | undefined) ?? [])];
    if (!first.more) return rows;
    try {
      for (let offset = PAGE_SIZE; ; offset += PAGE_SIZE) {
        if (offset + PAGE_SIZE > MAX_OFFSET) {
          throw new OffsetCapError(`${path} passed the offset cap`);
        }
        const page = await this.get<Record<string, unknown>>(path, {
          ...base,
          limit: PAGE_SIZE,
          offset,
        });
        rows.push(...((page[key] as T[] | undefined) ?? []));
        if (!page.more) return rows;
      }
    } catch (error) {
      if (error instanceof OffsetCapError && canSplit) return split();
      throw error;
    }
  }

  private backoff(attempt: number) {
    // "Equal jitter": never hammer immediately, never synchronise retries.
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    return ceiling / 2 + this.random() * (ceiling / 2);
  }

  private readRateLimit(headers: Headers): number | undefined {
    const num = (name: string) => {
      const value = headers.get(name);
      const parsed = value === null || !value.trim() ? NaN : Number(value);
      return Number.isFinite(parsed) ? parsed : null;
    };
    const limit = num('ratelimit-limit');
    const remaining = num('ratelimit-remaining');
    const reset = num('ratelimit-reset');
    if (limit === null && remaining === null && reset === null)
      return undefined;
    this.state = {
      limit,
      remaining,
      resetAt:
        reset === null
          ? null
          : new Date(this.now() + reset * 1000).toISOString(),
    };
    return reset ?? undefined;
  }

  private async authorization(forceRefresh: boolean): Promise<string> {
    const { auth } = this.options.account;
    if (auth.type === 'token') return `Token token=${auth.token}`;
    if (!forceRefresh && this.token && this.token.expiresAt > this.now()) {
      return `Bearer ${this.token.value}`;
    }
    const tokenUrl =
      this.options.tokenUrl ??
      (auth.region === 'eu'
        ? 'https://identity.eu.pagerduty.com/oauth/token'
        : 'https://identity.pagerduty.com/oauth/token');
    const response = await this.fetchFn(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: auth.clientId,
        client_secret: auth.clientSecret,
        scope: `as_account-${auth.region}.${auth.subDomain} ${OAUTH_SCOPES}`,
      }).toString(),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30000),
    });
    if (!response.ok) {
      throw new PagerDutyApiError(
        `PagerDuty OAuth token request failed with ${response.status}`,
        response.status,
      );
    }
    const body = (await response.json()) as {
      access_token: string;
      expires_in?: number;
    };
    // Renew a minute early so a request never carries a token about to expire.
    const lifetime = Math.max(60, (body.expires_in ?? 3600) - 60) * 1000;
    this.token = { value: body.access_token, expiresAt: this.now() + lifetime };
    return `Bearer ${body.access_token}`;
  }

  private async request<T>(path: string, query: Query): Promise<T> {
    const url = `${this.options.account.apiBaseUrl}${path}${buildQuery(query)}`;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const wait = this.pauseUntil - this.now();
      if (wait > 0) await this.sleep(wait);
      const last = attempt + 1 >= this.maxAttempts;
      let response: Response;
      let body: unknown;
      try {
        response = await this.fetchFn(url, {
          headers: {
            Accept: 'application/vnd.pagerduty+json;version=2',
            Authorization: await this.authorization(false),
          },
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30000),
        });
        // Read the body inside the try: a connection dropped mid-body is as
        // transient as one refused.
        const text = await response.text();
        body = text ? JSON.parse(text) : {};
      } catch (error) {
        if (error instanceof PagerDutyApiError || last) {
          throw new PagerDutyApiError(
            `GET ${path} failed: ${(error as Error).message}`,
          );
        }
        await this.sleep(this.backoff(attempt));
        continue;
      }
      const reset = this.readRateLimit(response.headers);
      if (response.ok) {
        // Out of budget: hold the queue until the window resets instead of
        // walking into a 429.
        if (this.state.remaining === 0 && reset !== undefined) {
          this.pauseUntil = this.now() + reset * 1000;
        }
        return body as T;
      }
      const error = (body as { error?: { message?: string; code?: number } })
        .error;
      const message = `GET ${path} answered ${response.status}${
        error?.code ? ` (code ${error.code})` : ''
      }: ${error?.message ?? response.statusText}`;
      if (
        response.status === 401 &&
        this.options.account.auth.type === 'oauth' &&
        !refreshed
      ) {
        refreshed = true;
        await this.authorization(true);
        continue;
      }
      const retryable =
        response.status === 429 ||
        response.status === 408 ||
        response.status >= 500;
      if (!retryable || last) {
        throw new PagerDutyApiError(message, response.status, error?.code);
      }
      const delay =
        response.status === 429 && reset !== undefined
          ? reset * 1000 + this.random() * 1000
          : this.backoff(attempt);
      await this.sleep(delay);
    }
  }
}
