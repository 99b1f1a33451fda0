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
  /** One run per cycle: at least one run, none within half a cycle of another. */
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
      const key = path.split('/').filter(Boolean).pop() ?? 'items';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ [key]: [], more: false, total: 0, offset: 0 }),
      );
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

  result(): SyncCheck {
    const runs = this.runStarts;
    let minGap: number | null = null;
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i] - runs[i - 1]) / 1000;
      minGap = minGap === null ? gap : Math.min(minGap, gap);
    }
    return {
      runs: runs.length,
      seconds: (Date.now() - this.since) / 1000,
      frequencySeconds: SYNC_FREQUENCY_SECONDS,
      minGapSeconds: minGap,
      oncePerCycle:
        runs.length > 0 &&
        (minGap === null || minGap >= SYNC_FREQUENCY_SECONDS / 2),
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
