import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsWebhookContext,
  DevopsInsightsWebhookHandler,
  DevopsInsightsWebhookRequest,
  ingestWebhookDelivery,
  WebhookEnricher,
  webhookHeader,
} from '@devops-insights/backstage-plugin-node';
import { mapDeploymentHook } from './mapping';
import { ProjectApi } from './ProjectApi';
import { ProjectTarget, ResolvedProject } from './types';
import { verifyGitlabToken } from './verifyToken';

type HookProject = {
  id: number;
  path_with_namespace: string;
  web_url?: string;
};

/**
 * `POST /api/devops-insights/v1/webhooks/gitlab`: checks `X-Gitlab-Token`
 * first, de-duplicates on the delivery's idempotency key, then re-reads the
 * deployment or pipeline the hook names through the API, so the row is
 * exactly the one polling writes. When the API fails or answers
 * unexpectedly, a deployment is stored from the hook alone and completed by
 * the next sync.
 */
export class GitlabWebhookHandler implements DevopsInsightsWebhookHandler {
  constructor(
    private readonly deps: {
      tokens: string[];
      defaultHost: string;
      targetFor(
        project: HookProject & { host: string },
      ): Promise<ProjectTarget | undefined>;
      apiFor(target: ProjectTarget): ProjectApi;
    },
  ) {}

  async handle(
    request: DevopsInsightsWebhookRequest,
    context: DevopsInsightsWebhookContext,
  ) {
    if (
      !verifyGitlabToken(request.headers['x-gitlab-token'], this.deps.tokens)
    ) {
      return {
        status: 401,
        body: { error: 'invalid or missing X-Gitlab-Token' },
      };
    }
    // GitLab keeps Idempotency-Key across retries of one delivery (16.x+); older ones send the UUID.
    const delivery =
      webhookHeader(request, 'idempotency-key') ??
      webhookHeader(request, 'x-gitlab-event-uuid');
    if (!delivery)
      return { status: 400, body: { error: 'missing Idempotency-Key' } };
    return ingestWebhookDelivery(request, context, {
      deliveryId: delivery,
      // On failure the delivery is released so GitLab's retry is processed.
      describe: `GitLab webhook ${delivery}`,
      eventsOf: async (payload, enriched) => {
        const project: HookProject | undefined = payload.project;
        const target = project
          ? await this.deps.targetFor({
              ...project,
              host: this.hostOf(project),
            })
          : undefined;
        if (!target) return { ignored: 'no catalog entity has this project' };
        const events = await this.map(
          payload,
          this.deps.apiFor(target),
          { ...target, id: project!.id, path: project!.path_with_namespace },
          enriched,
        );
        return events ?? { ignored: payload.object_kind };
      },
    });
  }

  private hostOf(project: HookProject) {
    try {
      return project.web_url
        ? new URL(project.web_url).host
        : this.deps.defaultHost;
    } catch {
      return this.deps.defaultHost;
    }
  }

  /**
   * The events of one hook; undefined for hooks not handled. A deployment
   * falls back, through `enriched`, to what the hook itself carries when
   * the API fails or answers unexpectedly.
   */
  private async map(
    payload: any,
    api: ProjectApi,
    project: ResolvedProject,
    enriched: WebhookEnricher,
  ): Promise<DevopsInsightsEventInput[] | undefined> {
    switch (payload.object_kind) {
      case 'deployment': {
        const enrich = async (signal?: AbortSignal) =>
          api.deploymentEvent(
            await api.deployment(payload.deployment_id, signal),
            signal,
          );
        const fromPayload = mapDeploymentHook(project, payload);
        return [
          fromPayload ? await enriched(fromPayload, enrich) : await enrich(),
        ];
      }
      case 'pipeline':
        return [await api.pipelineEvent(payload.object_attributes.id)];
      case 'merge_request':
        // A merged MR is no event of its own: GitLab links it to the
        // deployment that ships it, which brings it in as a change.
        return payload.object_attributes?.action === 'merge' ? [] : undefined;
      default:
        return undefined;
    }
  }
}
