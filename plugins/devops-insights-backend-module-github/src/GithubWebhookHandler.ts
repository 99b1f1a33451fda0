import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsWebhookContext,
  DevopsInsightsWebhookHandler,
  DevopsInsightsWebhookRequest,
  ingestWebhookDelivery,
  WebhookEnricher,
  webhookHeader,
} from '@devops-insights/backstage-plugin-node';
import {
  isDeploymentRun,
  mapDeployment,
  mapWorkflowDeployment,
  mapWorkflowRun,
} from './mapping';
import { RepoApi } from './RepoApi';
import { RepoTarget } from './types';
import { verifyGithubSignature } from './verifySignature';

/**
 * `POST /api/devops-insights/v1/webhooks/github`: verifies the signature
 * before anything else, de-duplicates on `X-GitHub-Delivery`, and maps the
 * payload with the same code as the poller so both converge on one row.
 * When the GitHub API fails, a deployment is stored from the payload alone
 * (status, times, sha, environment, url) and completed by the next sync.
 */
export class GithubWebhookHandler implements DevopsInsightsWebhookHandler {
  constructor(
    private readonly deps: {
      secrets: string[];
      targetFor(fullName: string): Promise<RepoTarget | undefined>;
      apiFor(target: RepoTarget): RepoApi;
    },
  ) {}

  async handle(
    request: DevopsInsightsWebhookRequest,
    context: DevopsInsightsWebhookContext,
  ) {
    const signature = webhookHeader(request, 'x-hub-signature-256');
    if (!verifyGithubSignature(request.rawBody, signature, this.deps.secrets)) {
      return {
        status: 401,
        body: { error: 'invalid or missing X-Hub-Signature-256' },
      };
    }
    const event = webhookHeader(request, 'x-github-event');
    const delivery = webhookHeader(request, 'x-github-delivery');
    if (event === 'ping') return { status: 200, body: { ok: true } };
    if (!delivery)
      return { status: 400, body: { error: 'missing X-GitHub-Delivery' } };

    return ingestWebhookDelivery(request, context, {
      deliveryId: delivery,
      // On failure the delivery is released so GitHub's redelivery is processed.
      describe: `GitHub webhook ${event} ${delivery}`,
      eventsOf: async (payload, enriched) => {
        const target = await this.deps.targetFor(
          payload.repository?.full_name ?? '',
        );
        if (!target) {
          return { ignored: 'no catalog entity has this repository' };
        }
        const api = this.deps.apiFor(target);
        const events = await this.map(event, payload, api, enriched);
        return events ?? { ignored: `${event}` };
      },
    });
  }

  /**
   * The events of one webhook; undefined for events and actions not handled.
   * What needs the API goes through `enriched`, which falls back to the
   * payload's own event when the API fails.
   */
  private async map(
    event: string | undefined,
    payload: any,
    api: RepoApi,
    enriched: WebhookEnricher,
  ): Promise<DevopsInsightsEventInput[] | undefined> {
    switch (event) {
      case 'deployment':
      case 'deployment_status': {
        const status =
          event === 'deployment_status' ? payload.deployment_status : undefined;
        return [
          await enriched(
            mapDeployment(api.target, payload.deployment, status),
            signal => api.deploymentEvent(payload.deployment, status, signal),
          ),
        ];
      }
      case 'workflow_run': {
        const run = payload.workflow_run;
        const events: DevopsInsightsEventInput[] = [
          mapWorkflowRun(api.target, run),
        ];
        const branch = payload.repository?.default_branch;
        if (branch && isDeploymentRun(api.target, run, branch)) {
          events.push(
            await enriched(mapWorkflowDeployment(api.target, run), signal =>
              api.workflowDeploymentEvent(run, branch, signal),
            ),
          );
        }
        return events;
      }
      case 'pull_request': {
        const pr = payload.pull_request;
        if (payload.action !== 'closed' || !pr?.merged_at) return undefined;
        // A merged PR is no event of its own: it becomes a change of the
        // deployment that ships it. Knowing it now saves that lookup.
        api.enricher.rememberPull(pr);
        return [];
      }
      default:
        return undefined;
    }
  }
}
