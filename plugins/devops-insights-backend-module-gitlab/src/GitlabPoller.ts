import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  Clock,
  DevopsInsightsSyncContext,
  ingestInBatches,
  readCursorSince,
} from '@devops-insights/backstage-plugin-node';
import { ProjectApi } from './ProjectApi';
import { targetKey } from './targets';
import { GlDeployment, GlPipeline } from './types';

/** Items handed to the sink at a time; the cursor advances after each batch. */
export const BATCH_SIZE = 25;
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
    const project = await api.project(ctx.signal);
    const key = targetKey(api.target);
    const deployments = await this.sync<GlDeployment>(
      api,
      ctx,
      `deployments:${key}`,
      since =>
        `/projects/${project.id}/deployments?updated_after=${since}&order_by=updated_at&sort=asc&per_page=100`,
      async d => [await api.deploymentEvent(d, ctx.signal)],
    );
    const pipelines = await this.sync<GlPipeline>(
      api,
      ctx,
      `pipelines:${key}`,
      since =>
        `/projects/${project.id}/pipelines?updated_after=${since}&order_by=updated_at&sort=asc&per_page=100`,
      async p => [await api.pipelineEvent(p.id, ctx.signal)],
    );
    return deployments + pipelines;
  }

  private async sync<T extends { updated_at: string }>(
    api: ProjectApi,
    ctx: DevopsInsightsSyncContext,
    key: string,
    path: (since: string) => string,
    load: (item: T) => Promise<DevopsInsightsEventInput[]>,
  ) {
    const since = await readCursorSince(ctx.cursors, key, {
      now: this.deps.clock.now(),
      backfillMs: this.deps.backfillMs,
      overlapMs: OVERLAP_MS,
    });
    // List first, enrich after: offset pages shift when an item is updated
    // mid-listing, and a short listing keeps that window small.
    const items = await api.client.all<T>(
      path(encodeURIComponent(since)),
      ctx.signal,
    );
    return ingestInBatches(ctx, {
      cursorKey: key,
      items,
      batchSize: BATCH_SIZE,
      load,
      cursorAfter: batch => batch[batch.length - 1].updated_at,
    });
  }
}
