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
  GlDeployment,
  GlJob,
  GlMergeRequest,
  GlPipeline,
  ProjectTarget,
  ResolvedProject,
} from './types';

/** Source id of every event this module emits. */
export const GITLAB_SOURCE_ID = 'gitlab';

const slug = (p: ResolvedProject) => p.path.toLocaleLowerCase('en-US');
/** Same ids from polling and webhooks, so both land on one row. */
export const deploymentId = (p: ResolvedProject, id: number) =>
  `${slug(p)}#${id}`;
export const ciRunId = (p: ResolvedProject, id: number, attempt: number) =>
  `${slug(p)}#${id}#${attempt}`;

/**
 * Production, in this order: the entity's annotation when present; else the
 * environment's GitLab tier when known; else undefined, leaving it to the
 * backend's `devopsInsights.productionEnvironments`.
 */
export function isProduction(
  target: ProjectTarget,
  environment: string,
  tier?: string | null,
) {
  return (
    annotatedProduction(target, environment) ??
    (tier ? tier === 'production' : undefined)
  );
}

/** A deployment's status: GitLab names them as a pipeline's. */
export function deploymentState(
  status: GlDeployment['status'],
): DeploymentEvent['status'] {
  return pipelineState(status);
}

export function mapDeployment(
  project: ResolvedProject,
  deployment: GlDeployment,
  tier: string | null | undefined,
): DeploymentInput {
  const status = deploymentState(deployment.status);
  const production = isProduction(project, deployment.environment.name, tier);
  const startedAt = deployment.deployable?.started_at ?? deployment.created_at;
  const finishedAt =
    deployment.finished_at ??
    deployment.deployable?.finished_at ??
    deployment.updated_at;
  return {
    type: 'deployment',
    source: GITLAB_SOURCE_ID,
    id: deploymentId(project, deployment.id),
    entityRef: project.entityRef,
    environment: deployment.environment.name,
    ...(production === undefined ? {} : { production }),
    status,
    startedAt,
    ...(status === 'in_progress'
      ? {}
      : { finishedAt: later(finishedAt, startedAt) }),
    commitSha: deployment.sha,
    ...(deployment.deployable?.web_url
      ? { url: deployment.deployable.web_url }
      : {}),
    ...(deployment.deployable?.pipeline?.source
      ? {
          trigger:
            deployment.deployable.pipeline.source === 'web'
              ? 'manual'
              : 'automatic',
        }
      : {}),
    updatedAt: deployment.updated_at,
  };
}

/**
 * A GitLab time as ISO-8601: webhooks write `2021-04-28 21:50:00 +0200` or
 * `2016-08-12 15:23:28 UTC`, the REST API ISO-8601; undefined when it is
 * neither.
 */
export function gitlabTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = value
    .trim()
    .match(
      /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/,
    );
  if (!m) return undefined;
  const zone =
    !m[3] || m[3] === 'UTC'
      ? 'Z'
      : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The fields of GitLab's Deployment Hook read here (see the fixture). */
export type GlDeploymentHook = {
  status?: GlDeployment['status'];
  status_changed_at?: string;
  deployment_id?: number;
  deployable_url?: string | null;
  environment?: string;
  environment_tier?: string | null;
  short_sha?: string;
  commit_url?: string;
};

/**
 * What a Deployment Hook itself tells, for when the API cannot be asked:
 * status, the time of the status change (the start of a running deployment,
 * the end of a finished one), sha, environment and tier, the job's URL.
 * Changes and rollbacks need the API and come with the next sync. Undefined
 * when the hook lacks the deployment, environment, status or its time.
 */
export function mapDeploymentHook(
  project: ResolvedProject,
  hook: GlDeploymentHook,
): DeploymentInput | undefined {
  const at = gitlabTime(hook.status_changed_at);
  if (!at || !hook.status || !hook.environment) return undefined;
  if (typeof hook.deployment_id !== 'number') return undefined;
  const status = deploymentState(hook.status);
  const production = isProduction(
    project,
    hook.environment,
    hook.environment_tier,
  );
  // The hook names the full sha only inside the commit URL.
  const sha =
    hook.commit_url?.match(/\/commit\/([0-9a-f]{40})$/)?.[1] ?? hook.short_sha;
  return {
    type: 'deployment',
    source: GITLAB_SOURCE_ID,
    id: deploymentId(project, hook.deployment_id),
    entityRef: project.entityRef,
    environment: hook.environment,
    ...(production === undefined ? {} : { production }),
    status,
    ...(status === 'in_progress' ? { startedAt: at } : { finishedAt: at }),
    ...(sha ? { commitSha: sha } : {}),
    ...(hook.deployable_url ? { url: hook.deployable_url } : {}),
    updatedAt: at,
  };
}

/**
 * A merge request shipped by a deployment, authored at its first commit so a
 * squash merge keeps the real start of work.
 */
export function changeFromMergeRequest(
  project: ResolvedProject,
  mr: GlMergeRequest,
  commitDates: string[],
): Change {
  const authored = commitDates.length
    ? commitDates
        .map(d => new Date(d).toISOString())
        .reduce((a, b) => (a < b ? a : b))
    : new Date(mr.created_at).toISOString();
  return {
    id: `${slug(project)}!${mr.iid}`,
    authoredAt: authored,
    pullRequestOpenedAt: mr.created_at,
    ...(mr.merged_at ? { mergedAt: mr.merged_at } : {}),
    ...(mr.web_url ? { url: mr.web_url } : {}),
  };
}

export function pipelineState(status: string): CiRunEvent['status'] {
  switch (status) {
    case 'success':
      return 'success';
    case 'failed':
      return 'failure';
    case 'canceled':
    case 'skipped':
      return 'cancelled';
    default:
      // created, waiting_for_resource, preparing, pending, running, manual, scheduled
      return 'in_progress';
  }
}

/** 1 + the most times any one job was retried: the pipeline's attempt. */
export function pipelineAttempt(jobs: GlJob[]): number {
  const retries = new Map<string, number>();
  for (const job of jobs) {
    if (job.retried) retries.set(job.name, (retries.get(job.name) ?? 0) + 1);
  }
  return 1 + Math.max(0, ...retries.values());
}

/** A pipeline; `source=web` (Run pipeline button) is the manual trigger. */
export function mapPipeline(
  project: ResolvedProject,
  pipeline: GlPipeline,
  attempt: number,
): CiRunEvent {
  const status = pipelineState(pipeline.status);
  const startedAt = pipeline.started_at ?? pipeline.created_at;
  return {
    type: 'ci-run',
    source: GITLAB_SOURCE_ID,
    id: ciRunId(project, pipeline.id, attempt),
    entityRef: project.entityRef,
    name: pipeline.name || `pipeline ${pipeline.ref}`,
    attempt,
    trigger: pipeline.source === 'web' ? 'manual' : 'automatic',
    status,
    startedAt,
    ...(status === 'in_progress'
      ? {}
      : {
          finishedAt: later(
            pipeline.finished_at ?? pipeline.updated_at,
            startedAt,
          ),
        }),
    ...(pipeline.web_url ? { url: pipeline.web_url } : {}),
    updatedAt: pipeline.updated_at,
  };
}

function later(a: string, b: string) {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
