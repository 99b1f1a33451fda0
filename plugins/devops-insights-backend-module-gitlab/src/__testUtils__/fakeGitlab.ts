import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  GlDeployment,
  GlEnvironment,
  GlJob,
  GlMergeRequest,
  GlPipeline,
} from '../types';

/** One project's state, served in the shapes of the GitLab REST API v4. */
export type FakeProject = {
  id: number;
  path: string;
  environments: GlEnvironment[];
  deployments: GlDeployment[];
  /** Merge requests GitLab linked to each deployment. */
  deploymentMergeRequests: Record<number, GlMergeRequest[]>;
  mergeRequestCommits: Record<number, { id: string; authored_date: string }[]>;
  pipelines: GlPipeline[];
  jobs: Record<number, GlJob[]>;
};

export type Interceptor = (
  path: string,
) =>
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | undefined;

const byUpdated = (a: { updated_at: string }, b: { updated_at: string }) =>
  Date.parse(a.updated_at) - Date.parse(b.updated_at);

type Routed = { body?: unknown; items?: unknown[] };
type Handler = (
  p: FakeProject,
  m: RegExpMatchArray,
  q: URLSearchParams,
) => Routed | undefined;

const routes: [RegExp, Handler][] = [
  [
    /^$/,
    p => ({
      body: {
        id: p.id,
        path_with_namespace: p.path,
        web_url: `https://gitlab.com/${p.path}`,
      },
    }),
  ],
  [/^\/environments$/, p => ({ items: p.environments })],
  [
    /^\/deployments$/,
    (p, _m, q) => {
      const after = q.get('updated_after');
      let items = p.deployments.filter(
        d =>
          (!after || Date.parse(d.updated_at) > Date.parse(after)) &&
          (!q.get('environment') ||
            d.environment.name === q.get('environment')) &&
          (!q.get('status') || d.status === q.get('status')),
      );
      items =
        q.get('order_by') === 'id'
          ? items.sort((a, b) => a.id - b.id)
          : items.sort(byUpdated);
      return { items: q.get('sort') === 'desc' ? items.reverse() : items };
    },
  ],
  [
    /^\/deployments\/(\d+)$/,
    (p, m) => ({ body: p.deployments.find(d => d.id === Number(m[1])) }),
  ],
  [
    /^\/deployments\/(\d+)\/merge_requests$/,
    (p, m) => ({ items: p.deploymentMergeRequests[Number(m[1])] ?? [] }),
  ],
  [
    /^\/merge_requests\/(\d+)\/commits$/,
    (p, m) => ({ items: p.mergeRequestCommits[Number(m[1])] ?? [] }),
  ],
  [
    /^\/pipelines$/,
    (p, _m, q) => {
      const after = q.get('updated_after');
      return {
        items: p.pipelines
          .filter(x => !after || Date.parse(x.updated_at) > Date.parse(after))
          .sort(byUpdated),
      };
    },
  ],
  [
    /^\/pipelines\/(\d+)$/,
    (p, m) => ({ body: p.pipelines.find(x => x.id === Number(m[1])) }),
  ],
  [
    /^\/pipelines\/(\d+)\/jobs$/,
    (p, m, q) => ({
      items: (p.jobs[Number(m[1])] ?? []).filter(
        j => q.get('include_retried') === 'true' || !j.retried,
      ),
    }),
  ],
];

function route(projects: FakeProject[], url: URL): Routed | undefined {
  const m = url.pathname.match(/^\/api\/v4\/projects\/([^/]+)(\/.*)?$/);
  if (!m) return undefined;
  const key = decodeURIComponent(m[1]);
  const project = projects.find(p => String(p.id) === key || p.path === key);
  if (!project) return undefined;
  for (const [pattern, handler] of routes) {
    const match = (m[2] ?? '').match(pattern);
    if (match) {
      const routed = handler(project, match, url.searchParams);
      return routed && (routed.items || routed.body) ? routed : undefined;
    }
  }
  return undefined;
}

/**
 * A loopback GitLab: projects, environments, deployments with their merge
 * requests, pipelines and jobs, with Link pagination, ETags and RateLimit-*
 * headers. `requests` logs every request.
 */
export async function startFakeGitlab(projects: FakeProject[]) {
  const requests: { path: string; status: number }[] = [];
  const interceptors: Interceptor[] = [];
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
        'ratelimit-limit': '2000',
        'ratelimit-remaining': '1990',
        'ratelimit-reset': '1767225600',
        ...headers,
      });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer test-token') {
      send(401, { message: '401 Unauthorized' });
      return;
    }
    for (const intercept of interceptors) {
      const answer = intercept(url.pathname);
      if (answer) {
        send(
          answer.status,
          answer.body ?? { message: 'intercepted' },
          answer.headers,
        );
        return;
      }
    }
    const routed = route(projects, url);
    if (!routed) {
      send(404, { message: '404 Not Found' });
      return;
    }
    let payload = routed.body;
    const headers: Record<string, string> = {};
    if (routed.items) {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      payload = routed.items.slice((page - 1) * perPage, page * perPage);
      if (page * perPage < routed.items.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next}>; rel="next"`;
      }
    }
    const etag = `W/"${createHash('sha1')
      .update(JSON.stringify(payload))
      .digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      send(304, undefined, { etag });
      return;
    }
    send(200, payload, { ...headers, etag });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v4`,
    requests,
    interceptors,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
