import {
  FakeRestRouted,
  startFakeRestApi,
} from '@devops-insights/backstage-plugin-node/testUtils';
import {
  GhCommit,
  GhDeployment,
  GhDeploymentStatus,
  GhPullRequest,
  GhWorkflowRun,
} from '../types';

export type FakeCommit = {
  sha: string;
  parents: string[];
  message: string;
  authoredAt: string;
};
export type FakePull = GhPullRequest & {
  merge_commit_sha: string;
  commitShas: string[];
};

/** One repository's state, served in the shapes of the GitHub REST API. */
export type FakeRepo = {
  owner: string;
  repo: string;
  defaultBranch: string;
  deployments: GhDeployment[];
  /** Newest first, as GitHub lists them. */
  statuses: Record<number, GhDeploymentStatus[]>;
  commits: FakeCommit[];
  pulls: FakePull[];
  runs: GhWorkflowRun[];
  attempts?: Record<string, GhWorkflowRun>;
  approvals?: Record<
    number,
    { state: string; environments: { name: string }[] }[]
  >;
};

/**
 * A loopback GitHub: deployments, statuses, compare, commit→PR, PR commits,
 * Actions runs and approvals, with Link pagination, ETags and rate-limit
 * headers. `requests` logs every request for assertions.
 */
export async function startFakeGithub(repos: FakeRepo[]) {
  let remaining = 5000;
  return startFakeRestApi({
    token: 'test-token',
    unauthorized: { message: 'Bad credentials' },
    notFound: { message: 'Not Found' },
    headers: () => ({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': '1767225600',
    }),
    defaultPerPage: 30,
    link: (next, url) => `<${next}>; rel="next", <${url}>; rel="first"`,
    etag: hash => `"${hash}"`,
    // GitHub does not count a 304 against the rate limit.
    served: () => {
      remaining -= 1;
    },
    route: url => route(repos, url),
  });
}

type Routed = FakeRestRouted;
type Handler = (
  repo: FakeRepo,
  m: RegExpMatchArray,
  q: URLSearchParams,
) => Routed | undefined;

const find = (repo: FakeRepo, sha: string) =>
  repo.commits.find(c => c.sha === sha);

function ghCommit(repo: FakeRepo, c: FakeCommit): GhCommit {
  return {
    sha: c.sha,
    html_url: `https://github.com/${repo.owner}/${repo.repo}/commit/${c.sha}`,
    commit: {
      message: c.message,
      author: { date: c.authoredAt },
      committer: { date: c.authoredAt },
    },
  };
}

function publicPull({ commitShas: _, ...pr }: FakePull) {
  return pr;
}

/** Ancestors of `sha` along first parents, newest first. */
function history(repo: FakeRepo, sha: string): FakeCommit[] {
  const out: FakeCommit[] = [];
  for (
    let c = find(repo, sha);
    c;
    c = c.parents[0] ? find(repo, c.parents[0]) : undefined
  ) {
    out.push(c);
  }
  return out;
}

function compare(
  repo: FakeRepo,
  base: string,
  head: string,
): Routed | undefined {
  // A sha force-pushed away is unknown to GitHub: 404, as for real.
  if (!find(repo, base) || !find(repo, head)) return undefined;
  const wrap = (status: string) => (commits: unknown[]) => ({
    status,
    commits,
    total_commits: commits.length,
  });
  if (base === head) return { items: [], wrap: wrap('identical') };
  const headHistory = history(repo, head);
  const at = headHistory.findIndex(c => c.sha === base);
  if (at >= 0) {
    return {
      items: headHistory
        .slice(0, at)
        .reverse()
        .map(c => ghCommit(repo, c)),
      wrap: wrap('ahead'),
    };
  }
  if (history(repo, base).some(c => c.sha === head))
    return { items: [], wrap: wrap('behind') };
  return {
    items: headHistory.reverse().map(c => ghCommit(repo, c)),
    wrap: wrap('diverged'),
  };
}

const runsList = (items: unknown[]) => ({
  total_count: items.length,
  workflow_runs: items,
});
const newestFirst = <T extends { created_at: string }>(a: T, b: T) =>
  Date.parse(b.created_at) - Date.parse(a.created_at);

const routes: [RegExp, Handler][] = [
  [
    /^$/,
    repo => ({
      body: {
        full_name: `${repo.owner}/${repo.repo}`,
        default_branch: repo.defaultBranch,
      },
    }),
  ],
  [
    /^\/deployments$/,
    (repo, _m, q) => ({
      items: repo.deployments
        .filter(
          d => !q.get('environment') || d.environment === q.get('environment'),
        )
        .sort((a, b) => newestFirst(a, b) || b.id - a.id),
    }),
  ],
  [
    /^\/deployments\/(\d+)\/statuses$/,
    (repo, m) => ({ items: repo.statuses[Number(m[1])] ?? [] }),
  ],
  [
    /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/,
    (repo, m) => compare(repo, m[1], m[2]),
  ],
  [
    /^\/commits\/([0-9a-f]+)\/pulls$/,
    (repo, m) => ({
      body: repo.pulls
        .filter(
          pr => pr.merge_commit_sha === m[1] || pr.commitShas.includes(m[1]),
        )
        .map(publicPull),
    }),
  ],
  [
    /^\/pulls\/(\d+)\/commits$/,
    (repo, m) => {
      const pr = repo.pulls.find(x => x.number === Number(m[1]));
      return pr
        ? { items: pr.commitShas.map(sha => ghCommit(repo, find(repo, sha)!)) }
        : undefined;
    },
  ],
  [
    /^\/actions\/runs$/,
    (repo, _m, q) => {
      const created = q.get('created')?.replace(/^>=/, '');
      return {
        items: repo.runs
          .filter(
            r => !created || Date.parse(r.created_at) >= Date.parse(created),
          )
          .sort(newestFirst),
        wrap: runsList,
      };
    },
  ],
  [
    /^\/actions\/workflows\/([^/]+)\/runs$/,
    (repo, m, q) => ({
      items: repo.runs
        .filter(
          r =>
            r.path?.endsWith(`/${decodeURIComponent(m[1])}`) &&
            r.head_branch === q.get('branch'),
        )
        .filter(
          r => q.get('status') !== 'success' || r.conclusion === 'success',
        )
        .sort(newestFirst),
      wrap: runsList,
    }),
  ],
  [
    /^\/actions\/runs\/(\d+)\/attempts\/(\d+)$/,
    (repo, m) => {
      const run = repo.attempts?.[`${m[1]}/${m[2]}`];
      return run ? { body: run } : undefined;
    },
  ],
  [
    /^\/actions\/runs\/(\d+)\/approvals$/,
    (repo, m) => ({ body: repo.approvals?.[Number(m[1])] ?? [] }),
  ],
];

function route(repos: FakeRepo[], url: URL): Routed | undefined {
  const m = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
  const repo = m && repos.find(r => r.owner === m[1] && r.repo === m[2]);
  if (!repo) return undefined;
  for (const [pattern, handler] of routes) {
    const match = (m[3] ?? '').match(pattern);
    if (match) return handler(repo, match, url.searchParams);
  }
  return undefined;
}
