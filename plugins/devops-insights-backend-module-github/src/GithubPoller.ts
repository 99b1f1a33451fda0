import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  Clock,
  DevopsInsightsSyncContext,
  syncListing,
} from '@devops-insights/backstage-plugin-node';
import { isDeploymentRun, mapWorkflowRun } from './mapping';
import { RepoApi } from './RepoApi';
import { targetKey } from './targets';
import { GhDeployment, GhWorkflowRun } from './types';

/** An in-progress item younger than this holds the cursor back so it is re-read until final. */
const PENDING_HOLD_MS = 24 * 3600_000;
/** Runs are re-read this far behind the cursor: re-runs keep their `created_at`. */
const RERUN_OVERLAP_MS = 48 * 3600_000;
/** Earlier attempts of a re-run looked up (the list shows only the latest). */
const MAX_EARLIER_ATTEMPTS = 5;

type Created = { created_at: string };

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
    return this.syncByCreation(ctx, {
      cursorKey: `deployments:${targetKey(api.target)}`,
      list: async since => {
        const from = Date.parse(since);
        const deployments: GhDeployment[] = [];
        // Newest first: stop at the first page reaching behind the cursor.
        for await (const page of api.client.paginate<GhDeployment>(
          `${api.base}/deployments?per_page=100`,
          undefined,
          ctx.signal,
        )) {
          deployments.push(
            ...page.filter(d => Date.parse(d.created_at) >= from),
          );
          if (page.some(d => Date.parse(d.created_at) < from)) break;
        }
        return deployments;
      },
      load: async d => {
        const status = await api.latestStatus(d.id, ctx.signal);
        const event = await api.deploymentEvent(d, status, ctx.signal);
        return { pending: event.status === 'in_progress', events: [event] };
      },
    });
  }

  private async syncRuns(
    api: RepoApi,
    defaultBranch: string,
    ctx: DevopsInsightsSyncContext,
  ) {
    return this.syncByCreation(ctx, {
      cursorKey: `runs:${targetKey(api.target)}`,
      overlapMs: RERUN_OVERLAP_MS,
      list: async since => {
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
        return runs;
      },
      load: async run => {
        const events: DevopsInsightsEventInput[] = [
          mapWorkflowRun(api.target, run),
        ];
        events.push(...(await this.earlierAttempts(api, run, ctx.signal)));
        if (isDeploymentRun(api.target, run, defaultBranch)) {
          events.push(
            await api.workflowDeploymentEvent(run, defaultBranch, ctx.signal),
          );
        }
        return { pending: run.status !== 'completed', events };
      },
    });
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
   * One listing behind a creation-time cursor: loads and ingests its items
   * oldest first in batches, advancing the cursor after each to the oldest
   * recent item still pending, else the batch's last.
   */
  private async syncByCreation<T extends Created>(
    ctx: DevopsInsightsSyncContext,
    options: {
      cursorKey: string;
      overlapMs?: number;
      list(since: string): Promise<T[]>;
      load(
        item: T,
      ): Promise<{ pending: boolean; events: DevopsInsightsEventInput[] }>;
    },
  ) {
    const { clock, backfillMs } = this.deps;
    let pendingSince: string | undefined;
    return syncListing(ctx, {
      cursorKey: options.cursorKey,
      since: { now: clock.now(), backfillMs, overlapMs: options.overlapMs },
      list: async since =>
        (await options.list(since)).sort(
          (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at),
        ),
      load: async item => {
        const { pending, events } = await options.load(item);
        const holds =
          clock.now() - Date.parse(item.created_at) < PENDING_HOLD_MS;
        if (pending && holds && !pendingSince) pendingSince = item.created_at;
        return events;
      },
      cursorAfter: batch => pendingSince ?? batch[batch.length - 1].created_at,
    });
  }
}
