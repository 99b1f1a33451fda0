import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  Clock,
  DevopsInsightsSyncContext,
  syncListing,
} from '@devops-insights/backstage-plugin-node';
import { ProjectApi } from './ProjectApi';
import { targetKey } from './targets';
import { GlDeployment, GlPipeline } from './types';

/** `updated_after` is exclusive and second-granular: re-read one second to miss nothing. */
const OVERLAP_MS = 1000;

/**
 * Incremental sync of one project. Cursors are `updated_at` times read in
 * ascending order, so a status change (running → success) brings an item
 * back; they are written only after the sink accepted the batch.
 */
export class GitlabPoller {
  constructor(private readonly deps: { clock: Clock; backfillMs: number }) {}

  async syncProject(
    api: ProjectApi,
    ctx: DevopsInsightsSyncContext,
  ): Promise<number> {
    const deployments = await this.sync(
      api,
      ctx,
      'deployments',
      async (d: GlDeployment) => [await api.deploymentEvent(d, ctx.signal)],
    );
    const pipelines = await this.sync(
      api,
      ctx,
      'pipelines',
      async (p: GlPipeline) => [await api.pipelineEvent(p.id, ctx.signal)],
    );
    return deployments + pipelines;
  }

  /** One of the project's listings that take `updated_after` (deployments, pipelines). */
  private async sync<T extends { updated_at: string }>(
    api: ProjectApi,
    ctx: DevopsInsightsSyncContext,
    listing: 'deployments' | 'pipelines',
    load: (item: T) => Promise<DevopsInsightsEventInput[]>,
  ) {
    const project = await api.project(ctx.signal);
    return syncListing(ctx, {
      cursorKey: `${listing}:${targetKey(api.target)}`,
      since: {
        now: this.deps.clock.now(),
        backfillMs: this.deps.backfillMs,
        overlapMs: OVERLAP_MS,
      },
      list: since =>
        api.client.all<T>(
          `/projects/${
            project.id
          }/${listing}?updated_after=${encodeURIComponent(
            since,
          )}&order_by=updated_at&sort=asc&per_page=100`,
          ctx.signal,
        ),
      load,
      cursorAfter: batch => batch[batch.length - 1].updated_at,
    });
  }
}
