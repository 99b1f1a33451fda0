import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentInput,
  isProductionDeployment,
} from '@devops-insights/backstage-plugin-node';
import { DeploymentEnricher, PreviousDeployment } from './DeploymentEnricher';
import { GithubClient } from './GithubClient';
import {
  deploymentId,
  deploymentState,
  mapDeployment,
  mapWorkflowDeployment,
  workflowDeploymentId,
} from './mapping';
import {
  GhDeployment,
  GhDeploymentStatus,
  GhWorkflowRun,
  RepoTarget,
} from './types';

/** How far back to look for the deployment a new one follows (one page). */
const HISTORY_PAGE = 30;

/**
 * The GitHub calls around one repository's deployments, shared by the poller
 * and the webhook handler so both build identical events.
 */
export class RepoApi {
  readonly enricher: DeploymentEnricher;
  /** Last successful production deployment per environment (or workflow), in processing order. */
  private readonly previous = new Map<
    string,
    PreviousDeployment & { at: string }
  >();

  constructor(
    readonly target: RepoTarget,
    readonly client: GithubClient,
    private readonly logger: LoggerService,
    /** The backend's `devopsInsights.productionEnvironments`, lower-cased. */
    private readonly productionEnvironments: string[],
  ) {
    this.enricher = new DeploymentEnricher(client, logger);
  }

  get base() {
    return `/repos/${this.target.owner}/${this.target.repo}`;
  }

  async latestStatus(id: number, signal?: AbortSignal) {
    const statuses = await this.client.get<GhDeploymentStatus[]>(
      `${this.base}/deployments/${id}/statuses?per_page=1`,
      signal,
    );
    return statuses[0];
  }

  /** A deployment with its latest status, and for a production success its changes, remediation and approvals. */
  async deploymentEvent(
    deployment: GhDeployment,
    status: GhDeploymentStatus | undefined,
    signal?: AbortSignal,
  ): Promise<DeploymentInput> {
    const event = mapDeployment(this.target, deployment, status);
    if (
      event.status !== 'success' ||
      !isProductionDeployment(event, this.productionEnvironments)
    )
      return event;
    const trigger = await this.approvalTrigger(
      deployment.environment,
      status,
      signal,
    );
    const previous =
      this.remembered(deployment.environment, deployment.created_at) ??
      (await this.previousDeployment(deployment, signal));
    this.remember(deployment.environment, {
      id: event.id,
      sha: deployment.sha,
      at: deployment.created_at,
    });
    const enriched = await this.enricher.enrich(
      this.target,
      event,
      previous,
      signal,
    );
    return trigger ? { ...enriched, trigger } : enriched;
  }

  /** A successful default-branch run of the annotated workflow, as a deployment. */
  async workflowDeploymentEvent(
    run: GhWorkflowRun,
    defaultBranch: string,
    signal?: AbortSignal,
  ) {
    const event = mapWorkflowDeployment(this.target, run);
    const key = `workflow:${this.target.deploymentWorkflow}`;
    const previous =
      this.remembered(key, run.created_at) ??
      (await this.previousWorkflowRun(run, defaultBranch, signal));
    this.remember(key, { id: event.id, sha: run.head_sha, at: run.created_at });
    return this.enricher.enrich(this.target, event, previous, signal);
  }

  private remembered(key: string, before: string) {
    const known = this.previous.get(key);
    return known && Date.parse(known.at) <= Date.parse(before)
      ? known
      : undefined;
  }

  private remember(key: string, value: PreviousDeployment & { at: string }) {
    const known = this.previous.get(key);
    if (!known || Date.parse(known.at) <= Date.parse(value.at))
      this.previous.set(key, value);
  }

  /** The latest earlier deployment to the same environment whose latest status is a success. */
  private async previousDeployment(
    deployment: GhDeployment,
    signal?: AbortSignal,
  ): Promise<PreviousDeployment | undefined> {
    const env = encodeURIComponent(deployment.environment);
    const candidates = await this.client.get<GhDeployment[]>(
      `${this.base}/deployments?environment=${env}&per_page=${HISTORY_PAGE}`,
      signal,
    );
    for (const candidate of candidates) {
      if (candidate.id === deployment.id) continue;
      if (Date.parse(candidate.created_at) > Date.parse(deployment.created_at))
        continue;
      const status = await this.latestStatus(candidate.id, signal);
      if (deploymentState(status) === 'success') {
        return {
          id: deploymentId(this.target, candidate.id),
          sha: candidate.sha,
        };
      }
    }
    return undefined;
  }

  private async previousWorkflowRun(
    run: GhWorkflowRun,
    defaultBranch: string,
    signal?: AbortSignal,
  ): Promise<PreviousDeployment | undefined> {
    const workflow = encodeURIComponent(this.target.deploymentWorkflow!);
    const branch = encodeURIComponent(defaultBranch);
    const { workflow_runs: runs } = await this.client.get<{
      workflow_runs: GhWorkflowRun[];
    }>(
      `${this.base}/actions/workflows/${workflow}/runs?branch=${branch}&status=success&per_page=${HISTORY_PAGE}`,
      signal,
    );
    const earlier = runs.find(
      r =>
        r.id !== run.id &&
        Date.parse(r.created_at) <= Date.parse(run.created_at),
    );
    return earlier
      ? {
          id: workflowDeploymentId(this.target, earlier.id),
          sha: earlier.head_sha,
        }
      : undefined;
  }

  /**
   * A deployment from an Actions job that waited for a required reviewer is
   * manual. The status' log/target URL names the run; without one the
   * trigger stays unknown.
   */
  private async approvalTrigger(
    environment: string,
    status: GhDeploymentStatus | undefined,
    signal?: AbortSignal,
  ): Promise<DeploymentInput['trigger']> {
    const runId = `${status?.log_url ?? ''} ${status?.target_url ?? ''}`.match(
      /\/actions\/runs\/(\d+)/,
    )?.[1];
    if (!runId) return undefined;
    const approvals = await this.client.get<
      { state: string; environments?: { name?: string }[] }[]
    >(`${this.base}/actions/runs/${runId}/approvals`, signal);
    const approved = approvals.some(
      a =>
        a.state === 'approved' &&
        (!a.environments?.length ||
          a.environments.some(e => e.name === environment)),
    );
    if (!approved)
      this.logger.debug(`Run ${runId} deployed ${environment} without review`);
    return approved ? 'manual' : 'automatic';
  }
}
