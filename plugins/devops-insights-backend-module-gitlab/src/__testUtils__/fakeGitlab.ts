import {
  FakeRestRouted,
  startFakeRestApi,
} from '@devops-insights/backstage-plugin-node/testUtils';
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

const byUpdated = (a: { updated_at: string }, b: { updated_at: string }) =>
  Date.parse(a.updated_at) - Date.parse(b.updated_at);

type Routed = FakeRestRouted;
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
  return startFakeRestApi({
    basePath: '/api/v4',
    token: 'test-token',
    unauthorized: { message: '401 Unauthorized' },
    notFound: { message: '404 Not Found' },
    headers: () => ({
      'ratelimit-limit': '2000',
      'ratelimit-remaining': '1990',
      'ratelimit-reset': '1767225600',
    }),
    defaultPerPage: 20,
    link: next => `<${next}>; rel="next"`,
    etag: hash => `W/"${hash}"`,
    route: url => route(projects, url),
  });
}
