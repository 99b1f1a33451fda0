import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentChange,
  DeploymentInput,
} from '@devops-insights/backstage-plugin-node';
import { GithubApiError, GithubClient } from './GithubClient';
import { changeFromCommit, GITHUB_SOURCE_ID, revertedSha } from './mapping';
import { GhCommit, GhCompare, GhPullRequest, RepoTarget } from './types';

/** The deployment a production deployment follows: its sha is the compare base. */
export type PreviousDeployment = { id: string; sha: string };

/** Commits beyond this are not looked up (one API call each); the deployment keeps the first ones. */
const MAX_COMMITS = 300;
const MAX_CACHED_PULLS = 5000;

/**
 * Adds what needs more API calls to a successful production deployment:
 * the changes it shipped and whether it remediates the previous one.
 */
export class DeploymentEnricher {
  private readonly pullBySha = new Map<string, GhPullRequest>();
  private readonly pullCommits = new Map<string, GhCommit[]>();

  constructor(
    private readonly client: GithubClient,
    private readonly logger: LoggerService,
  ) {}

  async enrich(
    target: RepoTarget,
    event: DeploymentInput,
    previous: PreviousDeployment | undefined,
    signal?: AbortSignal,
  ): Promise<DeploymentInput> {
    if (!previous || !event.commitSha || previous.sha === event.commitSha) {
      return event;
    }
    const base = `/repos/${target.owner}/${target.repo}`;
    let compare: GhCompare;
    try {
      compare = await this.compare(base, previous.sha, event.commitSha, signal);
    } catch (error) {
      // A force push or deleted branch leaves a sha GitHub no longer knows
      // (404) or without a common history: keep the deployment, lose its changes.
      if (
        error instanceof GithubApiError &&
        [404, 422].includes(error.status)
      ) {
        this.logger.warn(
          `Cannot compare ${previous.sha}...${event.commitSha} of ${target.owner}/${target.repo} for deployment ${event.id}; it is stored without changes: ${error.message}`,
        );
        return event;
      }
      throw error;
    }
    const remediated = {
      deployment: { source: GITHUB_SOURCE_ID, id: previous.id },
    };
    // Deploying an ancestor of what is live is a rollback of the live deployment.
    if (compare.status === 'behind') {
      return { ...event, remediates: remediated };
    }
    const commits = compare.commits.slice(-MAX_COMMITS);
    const changes = new Map<string, DeploymentChange>();
    let reverts = false;
    for (const commit of commits) {
      const change = changeFromCommit(
        target,
        commit,
        await this.pullOf(base, commit.sha, signal),
      );
      if (!changes.has(change.id)) changes.set(change.id, change);
      const reverted = revertedSha(commit);
      if (!reverts && reverted) {
        reverts = await this.contains(base, previous.sha, reverted, signal);
      }
    }
    return {
      ...event,
      changes: [...changes.values()],
      ...(reverts ? { remediates: remediated } : {}),
    };
  }

  /**
   * Remembers a merged PR from a webhook by its merge commit (the commit a
   * squash or merge puts on the base branch), saving one lookup later.
   */
  rememberPull(pr: GhPullRequest & { merge_commit_sha?: string | null }) {
    if (pr.merged_at && pr.merge_commit_sha) {
      bounded(this.pullBySha).set(pr.merge_commit_sha, pr);
    }
  }

  private async compare(
    base: string,
    from: string,
    to: string,
    signal?: AbortSignal,
  ) {
    let result: GhCompare | undefined;
    for await (const page of this.client.paginate<GhCompare>(
      `${base}/compare/${from}...${to}?per_page=100`,
      body => [body as GhCompare],
      signal,
    )) {
      result = result
        ? { ...result, commits: [...result.commits, ...page[0].commits] }
        : page[0];
    }
    return result!;
  }

  /** Whether `sha` is part of what `head` deployed. */
  private async contains(
    base: string,
    head: string,
    sha: string,
    signal?: AbortSignal,
  ) {
    try {
      const c = await this.client.get<GhCompare>(
        `${base}/compare/${sha}...${head}?per_page=1`,
        signal,
      );
      return c.status === 'ahead' || c.status === 'identical';
    } catch (error) {
      if (error instanceof GithubApiError && [404, 422].includes(error.status))
        return false;
      throw error;
    }
  }

  /** The merged pull request a commit came from, with that PR's own commits. */
  private async pullOf(base: string, sha: string, signal?: AbortSignal) {
    const pr =
      this.pullBySha.get(sha) ??
      (
        await this.client.get<GhPullRequest[]>(
          `${base}/commits/${sha}/pulls`,
          signal,
        )
      ).find(p => p.merged_at);
    if (!pr) return undefined;
    const key = `${base}#${pr.number}`;
    let commits = this.pullCommits.get(key);
    if (!commits) {
      commits = [];
      for await (const page of this.client.paginate<GhCommit>(
        `${base}/pulls/${pr.number}/commits?per_page=100`,
        undefined,
        signal,
      )) {
        commits.push(...page);
      }
      bounded(this.pullCommits).set(key, commits);
    }
    return { pr, commits };
  }
}

/** Drops the oldest entry of a full cache: a long-running backend must not keep every PR it saw. */
function bounded<V>(map: Map<string, V>) {
  if (map.size >= MAX_CACHED_PULLS) map.delete(map.keys().next().value!);
  return map;
}
