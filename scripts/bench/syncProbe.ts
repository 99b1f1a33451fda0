/**
 * The replicas check of scheduled syncs: a stand-in for PagerDuty's REST API
 * (the network edge) that the backends' `pagerduty` source polls on a short
 * schedule. Every list is empty; each sync run starts with one `GET /users`,
 * so the times of those requests are the runs. With Backstage's scheduler in
 * its default `global` scope, replicas take turns: one run per cycle across
 * all of them, never two at once.
 */
import { createServer, Server } from 'node:http';

/** The bench's schedule for the source: short enough to see several cycles. */
export const SYNC_FREQUENCY_SECONDS = 20;
export const PAGERDUTY_SERVICE_ID = 'PBENCH1';

export type SyncCheck = {
  runs: number;
  seconds: number;
  frequencySeconds: number;
  /** Shortest time between two runs' starts; null with fewer than 2 runs. */
  minGapSeconds: number | null;
  /** Cycles in the time measured, plus one per backend (re)start. */
  allowedRuns: number;
  /**
   * At least one run and no more than the cycles allow: replicas each running
   * every cycle would make about twice as many. A short gap alone is no
   * double run: the scheduler sets the next start from the last planned one
   * (`greatest(next_run_start_at + frequency, now())`), so a late run is soon
   * followed by the next, and a replica (re)registering the task moves the
   * next start to its initial delay.
   */
  oncePerCycle: boolean;
};

export class SyncProbe {
  private server?: Server;
  private runStarts: number[] = [];
  private since = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path.endsWith('/users'))
        this.runStarts.push(Date.now());
      const parts = path.split('/').filter(Boolean);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (parts.length === 2 && parts[0] === 'services') {
        // The annotated service; no escalation policy, so no on-call.
        res.end(JSON.stringify({ service: { id: parts[1], name: 'bench' } }));
        return;
      }
      const key = parts.pop() ?? 'items';
      res.end(JSON.stringify({ [key]: [], more: false, total: 0, offset: 0 }));
    });
    await new Promise<void>(ok => this.server!.listen(0, '127.0.0.1', ok));
    const port = (this.server.address() as { port: number }).port;
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Counts from now on (after every replica started). */
  reset() {
    this.since = Date.now();
    this.runStarts = [];
  }

  /** `restarts`: backends started again since reset(). */
  result(restarts: number): SyncCheck {
    const runs = this.runStarts;
    let minGap: number | null = null;
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i] - runs[i - 1]) / 1000;
      minGap = minGap === null ? gap : Math.min(minGap, gap);
    }
    const seconds = (Date.now() - this.since) / 1000;
    const allowedRuns =
      Math.ceil(seconds / SYNC_FREQUENCY_SECONDS) + restarts + 1;
    return {
      runs: runs.length,
      seconds,
      frequencySeconds: SYNC_FREQUENCY_SECONDS,
      minGapSeconds: minGap,
      allowedRuns,
      oncePerCycle: runs.length > 0 && runs.length <= allowedRuns,
    };
  }

  close() {
    this.server?.close();
  }
}

/** Config for the backends: the `pagerduty` source polling the probe. */
export function syncProbeConfig(url: string) {
  return {
    pagerDuty: { apiBaseUrl: url, apiToken: 'bench-not-a-secret' },
    devopsInsights: {
      pagerDuty: {
        schedule: {
          frequency: { seconds: SYNC_FREQUENCY_SECONDS },
          timeout: { seconds: 120 },
          initialDelay: { seconds: 2 },
        },
      },
    },
  };
}
