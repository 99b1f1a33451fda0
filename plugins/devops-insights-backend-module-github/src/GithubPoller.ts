import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  Clock,
  DevopsInsightsSyncContext,
  ingestInBatches,
  readCursorSince,
} from '@devops-insights/backstage-plugin-node';
import { isDeploymentRun, mapWorkflowRun } from './mapping';
import { RepoApi } from './RepoApi';
import { targetKey } from './targets';
import { GhDeployment, GhWorkflowRun } from './types';

/** Deployments handed to the sink at a time; the cursor advances after each. */
export const BATCH_SIZE = 25;
/** An in-progress item younger than this holds the cursor back so it is re-read until final. */
const PENDING_HOLD_MS = 24 * 3600_000;
/** Runs are re-read this far behind the cursor: re-runs keep their `created_at`. */
const RERUN_OVERLAP_MS = 48 * 3600_000;
/** Earlier attempts of a re-run looked up (the list shows only the latest). */
const MAX_EARLIER_ATTEMPTS = 5;

type Item = {
  createdAt: string;
  pending: boolean;
  events: DevopsInsightsEventInput[];
};

/**
 * Incremental sync of one repository. Cursors are creation times: every item
 * created before the cursor is final and stored. They are written only after
 * the sink accepted the batch, so a restart resumes at the last batch.
 */
export class GithubPoller {
  constructor(private readonly deps: { clock: Clock; backfillMs: number }) {}

  async syncRepo(
    api: RepoApi,
    ctx: DevopsInsightsSyncContext,
  ): Promise<number> {
    const repo = await api.client.get<{ default_branch: string }>(
      api.base,
      ctx.signal,
    );
    const rows = await this.syncDeployments(api, ctx);
    return rows + (await this.syncRuns(api, repo.default_branch, ctx));
  }

  private async syncDeployments(api: RepoApi, ctx: DevopsInsightsSyncContext) {
    const key = `deployments:${targetKey(api.target)}`;
    const since = await readCursorSince(ctx.cursors, key, this.horizon());
    const deployments: GhDeployment[] = [];
    // Newest first: stop at the first page reaching behind the cursor.
    for await (const page of api.client.paginate<GhDeployment>(
      `${api.base}/deployments?per_page=100`,
      undefined,
      ctx.signal,
    )) {
      const from = Date.parse(since);
      deployments.push(...page.filter(d => Date.parse(d.created_at) >= from));
      if (page.some(d => Date.parse(d.created_at) < from)) break;
    }
    return this.ingestInOrder(
      ctx,
      key,
      deployments.map(d => ({
        createdAt: d.created_at,
        load: async (): Promise<Item> => {
          const status = await api.latestStatus(d.id, ctx.signal);
          const event = await api.deploymentEvent(d, status, ctx.signal);
          return {
            createdAt: d.created_at,
            pending: event.status === 'in_progress',
            events: [event],
          };
        },
      })),
    );
  }

  private async syncRuns(
    api: RepoApi,
    defaultBranch: string,
    ctx: DevopsInsightsSyncContext,
  ) {
    const key = `runs:${targetKey(api.target)}`;
    const since = await readCursorSince(ctx.cursors, key, {
      ...this.horizon(),
      overlapMs: RERUN_OVERLAP_MS,
    });
    const runs: GhWorkflowRun[] = [];
    for await (const page of api.client.paginate<GhWorkflowRun>(
      `${api.base}/actions/runs?per_page=100&created=${encodeURIComponent(
        `>=${since}`,
      )}`,
      body => body.workflow_runs,
      ctx.signal,
    )) {
      runs.push(...page);
    }
    return this.ingestInOrder(
      ctx,
      key,
      runs.map(run => ({
        createdAt: run.created_at,
        load: async (): Promise<Item> => {
          const events: DevopsInsightsEventInput[] = [
            mapWorkflowRun(api.target, run),
          ];
          events.push(...(await this.earlierAttempts(api, run, ctx.signal)));
          if (isDeploymentRun(api.target, run, defaultBranch)) {
            events.push(
              await api.workflowDeploymentEvent(run, defaultBranch, ctx.signal),
            );
          }
          return {
            createdAt: run.created_at,
            pending: run.status !== 'completed',
            events,
          };
        },
      })),
    );
  }

  private async earlierAttempts(
    api: RepoApi,
    run: GhWorkflowRun,
    signal?: AbortSignal,
  ) {
    const attempt = run.run_attempt ?? 1;
    const events = [];
    for (
      let n = Math.max(1, attempt - MAX_EARLIER_ATTEMPTS);
      n < attempt;
      n++
    ) {
      const earlier = await api.client.get<GhWorkflowRun>(
        `${api.base}/actions/runs/${run.id}/attempts/${n}`,
        signal,
      );
      events.push(mapWorkflowRun(api.target, { ...earlier, run_attempt: n }));
    }
    return events;
  }

  /**
   * Loads and ingests items oldest first in batches, advancing the cursor
   * after each: to the oldest recent item still pending, else the batch's last.
   */
  private async ingestInOrder(
    ctx: DevopsInsightsSyncContext,
    key: string,
    items: { createdAt: string; load: () => Promise<Item> }[],
  ) {
    items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    let pendingSince: string | undefined;
    return ingestInBatches(ctx, {
      cursorKey: key,
      items,
      batchSize: BATCH_SIZE,
      load: async item => {
        const l = await item.load();
        const holds =
          this.deps.clock.now() - Date.parse(l.createdAt) < PENDING_HOLD_MS;
        if (l.pending && holds && !pendingSince) pendingSince = l.createdAt;
        return l.events;
      },
      cursorAfter: batch => pendingSince ?? batch[batch.length - 1].createdAt,
    });
  }

  private horizon() {
    return { now: this.deps.clock.now(), backfillMs: this.deps.backfillMs };
  }
}
