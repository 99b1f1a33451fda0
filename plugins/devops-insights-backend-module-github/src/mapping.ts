import {
  CiRunEvent,
  DeploymentEvent,
} from '@devops-insights/backstage-plugin-common';
import {
  annotatedProduction,
  DeploymentChange as Change,
  DeploymentInput,
} from '@devops-insights/backstage-plugin-node';
import {
  GhCommit,
  GhDeployment,
  GhDeploymentStatus,
  GhPullRequest,
  GhWorkflowRun,
  RepoTarget,
} from './types';

/** Source id of every event this module emits. */
export const GITHUB_SOURCE_ID = 'github';

const slug = (t: Pick<RepoTarget, 'owner' | 'repo'>) =>
  `${t.owner}/${t.repo}`.toLocaleLowerCase('en-US');

/** Same id from polling and webhooks, so both land on one row. */
export const deploymentId = (t: RepoTarget, id: number) => `${slug(t)}#${id}`;
/** Workflow runs standing in for deployments get their own id space. */
export const workflowDeploymentId = (t: RepoTarget, runId: number) =>
  `${slug(t)}#run-${runId}`;
export const ciRunId = (t: RepoTarget, runId: number, attempt: number) =>
  `${slug(t)}#${runId}#${attempt}`;

/**
 * Production, in this order: the entity's annotation decides when present;
 * else GitHub's `production_environment` flag when true; else undefined so
 * the backend's `devopsInsights.productionEnvironments` applies.
 */
export function isProduction(
  target: RepoTarget,
  environment: string,
  productionFlag?: boolean,
): boolean | undefined {
  return (
    annotatedProduction(target, environment) ??
    (productionFlag ? true : undefined)
  );
}

export function deploymentState(
  status: GhDeploymentStatus | undefined,
): DeploymentEvent['status'] {
  switch (status?.state) {
    // `inactive` is what GitHub sets on an earlier success once a newer one succeeds.
    case 'success':
    case 'inactive':
      return 'success';
    case 'failure':
    case 'error':
      return 'failure';
    default:
      return 'in_progress';
  }
}

/** A deployment and its latest status, without changes or remediation (the poller adds those). */
export function mapDeployment(
  target: RepoTarget,
  deployment: GhDeployment,
  latest: GhDeploymentStatus | undefined,
): DeploymentInput {
  const status = deploymentState(latest);
  const production = isProduction(
    target,
    deployment.environment,
    deployment.production_environment,
  );
  return {
    type: 'deployment',
    source: GITHUB_SOURCE_ID,
    id: deploymentId(target, deployment.id),
    entityRef: target.entityRef,
    environment: deployment.environment,
    ...(production === undefined ? {} : { production }),
    status,
    startedAt: deployment.created_at,
    ...(status === 'in_progress' || !latest
      ? {}
      : { finishedAt: maxIso(latest.created_at, deployment.created_at) }),
    commitSha: deployment.sha,
    ...(latest?.environment_url || latest?.target_url
      ? { url: (latest.environment_url || latest.target_url)! }
      : {}),
    // GitHub moves the deployment's updated_at to each new status's time:
    // a `deployment` delivery arriving after its statuses is older. Statuses
    // are immutable (updated_at = created_at); the later of both is taken.
    updatedAt: [
      deployment.updated_at,
      latest?.created_at,
      latest?.updated_at,
    ].reduce<string>((a, b) => (b ? maxIso(a, b) : a), deployment.created_at),
  };
}

const runName = (run: GhWorkflowRun) =>
  run.name ||
  run.path?.split('/').pop() ||
  `workflow ${run.workflow_id ?? ''}`.trim();

export function runState(run: GhWorkflowRun): CiRunEvent['status'] {
  if (run.status !== 'completed') return 'in_progress';
  switch (run.conclusion) {
    case 'success':
    case 'neutral':
      return 'success';
    case 'cancelled':
    case 'skipped':
      return 'cancelled';
    default:
      // failure, timed_out, startup_failure, action_required, stale
      return 'failure';
  }
}

/** An Actions workflow run attempt; `workflow_dispatch` is the manual trigger. */
export function mapWorkflowRun(
  target: RepoTarget,
  run: GhWorkflowRun,
): CiRunEvent {
  const attempt = run.run_attempt ?? 1;
  const status = runState(run);
  const startedAt = run.run_started_at ?? run.created_at;
  return {
    type: 'ci-run',
    source: GITHUB_SOURCE_ID,
    id: ciRunId(target, run.id, attempt),
    entityRef: target.entityRef,
    name: runName(run),
    attempt,
    trigger: run.event === 'workflow_dispatch' ? 'manual' : 'automatic',
    status,
    startedAt,
    ...(status === 'in_progress'
      ? {}
      : { finishedAt: maxIso(run.updated_at, startedAt) }),
    ...(run.html_url ? { url: run.html_url } : {}),
    // requested → in_progress → completed each move it: a late `requested`
    // cannot overwrite `completed`.
    updatedAt: run.updated_at,
  };
}

/** Whether a run of the workflow named by the annotation (file name or path) is a deployment. */
export function isDeploymentRun(
  target: RepoTarget,
  run: GhWorkflowRun,
  defaultBranch: string,
): boolean {
  const wanted = target.deploymentWorkflow;
  if (!wanted || run.head_branch !== defaultBranch) return false;
  const file = run.path?.split('/').pop();
  return (
    runState(run) === 'success' &&
    (wanted === file || wanted === run.path || wanted === run.name)
  );
}

/** A successful default-branch run of the deployment workflow, as a production deployment. */
export function mapWorkflowDeployment(
  target: RepoTarget,
  run: GhWorkflowRun,
): DeploymentInput {
  const startedAt = run.run_started_at ?? run.created_at;
  return {
    type: 'deployment',
    source: GITHUB_SOURCE_ID,
    id: workflowDeploymentId(target, run.id),
    entityRef: target.entityRef,
    environment: 'production',
    production: true,
    status: 'success',
    startedAt,
    finishedAt: maxIso(run.updated_at, startedAt),
    commitSha: run.head_sha,
    trigger: run.event === 'workflow_dispatch' ? 'manual' : 'automatic',
    ...(run.html_url ? { url: run.html_url } : {}),
    updatedAt: run.updated_at,
  };
}

/**
 * A change shipped by a deployment. With a pull request: one change per PR,
 * authored at its earliest commit (so a squash merge keeps the real start
 * of work, not the squash commit's date); without: the commit itself.
 */
export function changeFromCommit(
  target: RepoTarget,
  commit: GhCommit,
  pull?: { pr: GhPullRequest; commits: GhCommit[] },
): Change {
  if (!pull) {
    return {
      id: `${slug(target)}@${commit.sha}`,
      authoredAt: commitDate(commit),
      ...(commit.html_url ? { url: commit.html_url } : {}),
    };
  }
  const { pr, commits } = pull;
  const dates = (commits.length ? commits : [commit]).map(commitDate);
  return {
    id: `${slug(target)}#pr-${pr.number}`,
    authoredAt: dates.reduce((a, b) => (a < b ? a : b)),
    pullRequestOpenedAt: pr.created_at,
    ...(pr.merged_at ? { mergedAt: pr.merged_at } : {}),
    ...(pr.html_url ? { url: pr.html_url } : {}),
  };
}

export function commitDate(commit: GhCommit): string {
  const date = commit.commit.author?.date ?? commit.commit.committer?.date;
  if (!date) throw new Error(`Commit ${commit.sha} has no author date`);
  return new Date(date).toISOString();
}

/** The sha a `git revert` commit names in its message ("This reverts commit <sha>."). */
export function revertedSha(commit: GhCommit): string | undefined {
  return commit.commit.message.match(
    /This reverts commit ([0-9a-f]{7,40})/,
  )?.[1];
}

function maxIso(a: string, b: string) {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
