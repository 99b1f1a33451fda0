import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsWebhookContext,
  DevopsInsightsWebhookHandler,
  DevopsInsightsWebhookRequest,
} from '@devops-insights/backstage-plugin-node';
import { ProjectApi } from './ProjectApi';
import { ProjectTarget } from './types';
import { verifyGitlabToken } from './verifyToken';

const header = (request: DevopsInsightsWebhookRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

type HookProject = {
  id: number;
  path_with_namespace: string;
  web_url?: string;
};

/**
 * `POST /api/devops-insights/v1/webhooks/gitlab`: checks `X-Gitlab-Token`
 * first, de-duplicates on the delivery's idempotency key, then re-reads the
 * deployment or pipeline the hook names through the API, so the row is
 * exactly the one polling writes.
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
      header(request, 'idempotency-key') ??
      header(request, 'x-gitlab-event-uuid');
    if (!delivery)
      return { status: 400, body: { error: 'missing Idempotency-Key' } };
    let payload: any;
    try {
      payload = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'body is not JSON' } };
    }
    if (!(await context.deliveries.claim(delivery))) {
      return { status: 200, body: { duplicate: true } };
    }
    try {
      const project: HookProject | undefined = payload.project;
      const target = project
        ? await this.deps.targetFor({ ...project, host: this.hostOf(project) })
        : undefined;
      if (!target)
        return {
          status: 202,
          body: { ignored: 'no catalog entity has this project' },
        };
      const events = await this.map(payload, this.deps.apiFor(target));
      if (events === undefined)
        return { status: 202, body: { ignored: payload.object_kind } };
      const result = events.length
        ? await context.sink.ingest(events)
        : undefined;
      return { status: 200, body: { ingested: events.length, ...result } };
    } catch (error) {
      // Forget the delivery so GitLab's retry is processed.
      await context.deliveries.release(delivery);
      context.logger.error(`GitLab webhook ${delivery} failed`, error as Error);
      throw error;
    }
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

  private async map(
    payload: any,
    api: ProjectApi,
  ): Promise<DevopsInsightsEventInput[] | undefined> {
    switch (payload.object_kind) {
      case 'deployment':
        return [
          await api.deploymentEvent(
            await api.deployment(payload.deployment_id),
          ),
        ];
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
