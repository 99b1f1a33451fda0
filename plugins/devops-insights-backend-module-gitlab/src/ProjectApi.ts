import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentInput,
  isProductionDeployment,
} from '@devops-insights/backstage-plugin-node';
import { GitlabClient } from './GitlabClient';
import {
  changeFromMergeRequest,
  deploymentId,
  GITLAB_SOURCE_ID,
  mapDeployment,
  mapPipeline,
  pipelineAttempt,
} from './mapping';
import {
  GlCommit,
  GlDeployment,
  GlEnvironment,
  GlJob,
  GlMergeRequest,
  GlPipeline,
  ProjectTarget,
  ResolvedProject,
} from './types';

/** Merge requests beyond this are not looked up (one call each). */
const MAX_MERGE_REQUESTS = 300;

/**
 * The GitLab calls around one project, shared by the poller and the webhook
 * handler so both build identical events.
 */
export class ProjectApi {
  private resolved?: ResolvedProject;

  constructor(
    readonly target: ProjectTarget,
    readonly client: GitlabClient,
    private readonly logger: LoggerService,
    /** The backend's `devopsInsights.productionEnvironments`, lower-cased. */
    private readonly productionEnvironments: string[],
  ) {}

  /** The project's numeric id and path (event ids use the path, as webhooks name it). */
  async project(signal?: AbortSignal): Promise<ResolvedProject> {
    if (!this.resolved) {
      const p = await this.client.get<{
        id: number;
        path_with_namespace: string;
      }>(`/projects/${encodeURIComponent(this.target.project)}`, signal);
      this.resolved = { ...this.target, id: p.id, path: p.path_with_namespace };
    }
    return this.resolved;
  }

  async deploymentEvent(
    deployment: GlDeployment,
    signal?: AbortSignal,
  ): Promise<DeploymentInput> {
    const project = await this.project(signal);
    const tier =
      deployment.environment.tier ??
      (await this.tierOf(deployment.environment.name, signal));
    const event = mapDeployment(project, deployment, tier);
    if (
      event.status !== 'success' ||
      !isProductionDeployment(event, this.productionEnvironments)
    )
      return event;
    const changes = await this.changes(project, deployment.id, signal);
    const remediates = await this.rollbackOf(project, deployment, signal);
    return {
      ...event,
      ...(changes.length ? { changes } : {}),
      ...(remediates
        ? {
            remediates: {
              deployment: { source: GITLAB_SOURCE_ID, id: remediates },
            },
          }
        : {}),
    };
  }

  async pipelineEvent(pipelineId: number, signal?: AbortSignal) {
    const project = await this.project(signal);
    const pipeline = await this.client.get<GlPipeline>(
      `/projects/${project.id}/pipelines/${pipelineId}`,
      signal,
    );
    const jobs = await this.client.all<GlJob>(
      `/projects/${project.id}/pipelines/${pipelineId}/jobs?include_retried=true&per_page=100`,
      signal,
    );
    return mapPipeline(project, pipeline, pipelineAttempt(jobs));
  }

  async deployment(id: number, signal?: AbortSignal) {
    const project = await this.project(signal);
    return this.client.get<GlDeployment>(
      `/projects/${project.id}/deployments/${id}`,
      signal,
    );
  }

  private async tierOf(environment: string, signal?: AbortSignal) {
    const project = await this.project(signal);
    const environments = await this.client.all<GlEnvironment>(
      `/projects/${project.id}/environments?per_page=100`,
      signal,
    );
    return environments.find(e => e.name === environment)?.tier;
  }

  /** GitLab links a deployment to the merge requests it shipped; each is dated by its first commit. */
  private async changes(
    project: ResolvedProject,
    id: number,
    signal?: AbortSignal,
  ) {
    const mrs = await this.client.all<GlMergeRequest>(
      `/projects/${project.id}/deployments/${id}/merge_requests?per_page=100`,
      signal,
    );
    const changes = [];
    for (const mr of mrs.slice(0, MAX_MERGE_REQUESTS)) {
      const commits = await this.client.all<GlCommit>(
        `/projects/${project.id}/merge_requests/${mr.iid}/commits?per_page=100`,
        signal,
      );
      changes.push(
        changeFromMergeRequest(
          project,
          mr,
          commits.map(c => c.authored_date),
        ),
      );
    }
    return changes;
  }

  /**
   * GitLab's "Rollback environment" re-deploys the commit of an earlier
   * deployment: a successful deployment whose sha an older successful one
   * (not the latest before it) already deployed remediates that latest one.
   */
  private async rollbackOf(
    project: ResolvedProject,
    deployment: GlDeployment,
    signal?: AbortSignal,
  ) {
    const env = encodeURIComponent(deployment.environment.name);
    const history = await this.client.get<GlDeployment[]>(
      `/projects/${project.id}/deployments?environment=${env}&status=success&order_by=id&sort=desc&per_page=50`,
      signal,
    );
    const earlier = history.filter(d => d.id < deployment.id);
    const [previous, ...older] = earlier;
    if (!previous || previous.sha === deployment.sha) return undefined;
    if (!older.some(d => d.sha === deployment.sha)) return undefined;
    this.logger.debug(
      `Deployment ${deployment.id} of ${project.path} rolls back ${previous.id}`,
    );
    return deploymentId(project, previous.id);
  }
}
