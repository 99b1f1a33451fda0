import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An answer of a {@link FakeRestInterceptor}.
 * @public
 */
export type FakeRestAnswer = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/**
 * Answers a request before the fake API does (rate limits, outages);
 * undefined lets it through.
 * @public
 */
export type FakeRestInterceptor = (req: {
  method: string;
  path: string;
  url: URL;
}) => FakeRestAnswer | undefined;

/**
 * What a fake API's route answers: a `body`, or `items` served a page at a
 * time (each page passed through `wrap` when the API wraps its lists).
 * @public
 */
export type FakeRestRouted = {
  body?: unknown;
  items?: unknown[];
  wrap?: (items: unknown[]) => unknown;
};

/**
 * A loopback REST API in the manner of GitHub's and GitLab's: bearer-token
 * auth, interceptors first, then `route`; lists paginated by `page` and
 * `per_page` with a `Link: rel="next"` header, and ETags answered with 304
 * on `If-None-Match`. `requests` logs every request's path and status, for
 * assertions. The vendor's fake gives its routes and its headers.
 * @public
 */
export async function startFakeRestApi(options: {
  /** Where the API lives on the server, e.g. `/api/v4`; part of the returned `url`. */
  basePath?: string;
  /** The bearer token accepted; other requests answer 401 with `unauthorized`. */
  token: string;
  unauthorized: unknown;
  /** The body of a 404, when `route` answers nothing. */
  notFound: unknown;
  /** Headers of every answer (e.g. the rate-limit headroom), asked per answer. */
  headers(): Record<string, string>;
  /** Items a page when the request names no `per_page`. */
  defaultPerPage: number;
  /** The `Link` header pointing at the next page. */
  link(next: URL, url: URL): string;
  /** The entity tag of a body's hash, e.g. weak (`W/"…"`). */
  etag(hash: string): string;
  /** Called once per 200 answer, e.g. to spend the rate limit. */
  served?(): void;
  route(url: URL): FakeRestRouted | undefined;
}) {
  const requests: { path: string; status: number }[] = [];
  const interceptors: FakeRestInterceptor[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      requests.push({ path: url.pathname + url.search, status });
      res.writeHead(status, {
        'content-type': 'application/json',
        ...options.headers(),
        ...headers,
      });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      send(401, options.unauthorized);
      return;
    }
    for (const intercept of interceptors) {
      const answer = intercept({
        method: req.method!,
        path: url.pathname,
        url,
      });
      if (answer) {
        send(
          answer.status,
          answer.body ?? { message: 'intercepted' },
          answer.headers,
        );
        return;
      }
    }
    const routed = options.route(url);
    if (!routed) {
      send(404, options.notFound);
      return;
    }
    let payload = routed.body;
    const headers: Record<string, string> = {};
    if (routed.items) {
      const perPage = Number(
        url.searchParams.get('per_page') ?? options.defaultPerPage,
      );
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = routed.items.slice((page - 1) * perPage, page * perPage);
      payload = routed.wrap ? routed.wrap(slice) : slice;
      if (page * perPage < routed.items.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = options.link(next, url);
      }
    }
    const etag = options.etag(
      createHash('sha1').update(JSON.stringify(payload)).digest('hex'),
    );
    if (req.headers['if-none-match'] === etag) {
      send(304, undefined, { etag });
      return;
    }
    options.served?.();
    send(200, payload, { ...headers, etag });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.basePath ?? ''}`,
    requests,
    interceptors,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
