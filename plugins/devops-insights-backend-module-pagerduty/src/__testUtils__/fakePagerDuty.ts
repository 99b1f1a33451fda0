import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PdIncident, PdLogEntry, PdOncall, PdService, PdUser } from '../types';

/**
 * A local PagerDuty REST API v2 built from the OpenAPI description and the
 * docs in /work/shared/fixtures/pagerduty: `Token token=` or OAuth bearer
 * auth, the versioned Accept header, classic pagination (`limit` ≤ 100,
 * `offset + limit` ≤ 10 000, `more`, `total=true`), the 6-month range cap,
 * set filters, `ratelimit-*` headers and injectable faults. Loopback only.
 */

export type Fault =
  | 'drop'
  | { status: number; body?: unknown; headers?: Record<string, string> };

export type SeenRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  accept?: string;
};

export type FakeData = {
  incidents: PdIncident[];
  logEntries: Map<string, PdLogEntry[]>;
  users: PdUser[];
  services: PdService[];
  oncalls: PdOncall[];
};

const SIX_MONTHS_MS = 183 * 24 * 3600 * 1000;

export class FakePagerDuty {
  readonly data: FakeData = {
    incidents: [],
    logEntries: new Map(),
    users: [],
    services: [],
    oncalls: [],
  };
  readonly requests: SeenRequest[] = [];
  token = 'fake-token';
  oauthToken = 'fake-oauth-token';
  tokenRequests = 0;
  /** When false, `total=true` is ignored (answers null), as some endpoints do. */
  honourTotal = true;
  inFlight = 0;
  maxInFlight = 0;
  private faults: Array<{
    match: (r: SeenRequest) => boolean;
    fault: Fault;
    times: number;
  }> = [];
  private server?: http.Server;
  baseUrl = '';

  /** Answers the next `times` matching requests with `fault`. */
  fail(match: (r: SeenRequest) => boolean, fault: Fault, times = 1) {
    this.faults.push({ match, fault, times });
  }

  clearFaults() {
    this.faults = [];
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => this.inFlight--);
      // Answer on the next tick so concurrent requests would overlap here.
      setImmediate(() => this.route(req, res));
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }

  private send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, {
      'content-type': 'application/json',
      'ratelimit-limit': '960',
      'ratelimit-remaining': '900',
      'ratelimit-reset': '30',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  private error(
    res: http.ServerResponse,
    status: number,
    code: number,
    message: string,
  ) {
    this.send(res, status, { error: { message, code } });
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    };
    if (seen.method === 'POST' && seen.path === '/oauth/token') {
      this.tokenRequests++;
      req.resume();
      this.send(res, 200, {
        access_token: this.oauthToken,
        expires_in: 3600,
        token_type: 'bearer',
      });
      return;
    }
    this.requests.push(seen);
    const fault = this.faults.find(f => f.times > 0 && f.match(seen));
    if (fault) {
      fault.times--;
      if (fault.fault === 'drop') {
        req.socket.destroy();
        return;
      }
      this.send(
        res,
        fault.fault.status,
        fault.fault.body ?? {},
        fault.fault.headers,
      );
      return;
    }
    if (
      seen.authorization !== `Token token=${this.token}` &&
      seen.authorization !== `Bearer ${this.oauthToken}`
    ) {
      this.error(res, 401, 2006, 'Authentication failed');
      return;
    }
    if (seen.accept !== 'application/vnd.pagerduty+json;version=2') {
      this.error(res, 400, 2001, 'Invalid Input Provided');
      return;
    }
    this.get(seen, res);
  }

  private page(
    res: http.ServerResponse,
    query: URLSearchParams,
    key: string,
    rows: unknown[],
  ) {
    const limit = Math.min(Number(query.get('limit') ?? 25), 100);
    const offset = Number(query.get('offset') ?? 0);
    if (offset + limit > 10000) {
      this.error(
        res,
        400,
        2001,
        'Offset must be less than 10000 minus the limit',
      );
      return;
    }
    this.send(res, 200, {
      [key]: rows.slice(offset, offset + limit),
      limit,
      offset,
      more: offset + limit < rows.length,
      total:
        this.honourTotal && query.get('total') === 'true' ? rows.length : null,
    });
  }

  private range(res: http.ServerResponse, query: URLSearchParams) {
    const since = Date.parse(query.get('since') ?? '');
    const until = Date.parse(query.get('until') ?? '');
    if (!Number.isFinite(since) || !Number.isFinite(until) || until < since) {
      this.error(
        res,
        400,
        2004,
        "Invalid time values in 'since' and/or 'until' parameters",
      );
      return undefined;
    }
    if (until - since > SIX_MONTHS_MS) {
      this.error(res, 400, 2005, 'Invalid Query Date Range');
      return undefined;
    }
    return { since, until };
  }

  private get(r: SeenRequest, res: http.ServerResponse) {
    const q = r.query;
    const set = (name: string) => q.getAll(`${name}[]`);
    const parts = r.path.split('/').filter(Boolean);
    if (r.path === '/users') return this.page(res, q, 'users', this.data.users);
    if (r.path === '/services')
      return this.page(res, q, 'services', this.data.services);
    if (parts[0] === 'services' && parts.length === 2) {
      const service = this.data.services.find(s => s.id === parts[1]);
      if (!service) return this.error(res, 404, 5002, 'Service Not Found');
      return this.send(res, 200, { service });
    }
    if (r.path === '/incidents') {
      let rows = this.data.incidents;
      if (q.get('date_range') !== 'all') {
        const range = this.range(res, q);
        if (!range) return undefined;
        rows = rows.filter(i => {
          const t = Date.parse(i.created_at);
          return t >= range.since && t < range.until;
        });
      }
      const services = set('service_ids');
      const statuses = set('statuses');
      rows = rows
        .filter(i => !services.length || services.includes(i.service.id))
        .filter(i => !statuses.length || statuses.includes(i.status))
        .sort(
          (a, b) =>
            a.created_at.localeCompare(b.created_at) ||
            a.id.localeCompare(b.id),
        );
      return this.page(res, q, 'incidents', rows);
    }
    if (parts[0] === 'incidents' && parts.length === 2) {
      const incident = this.data.incidents.find(i => i.id === parts[1]);
      if (!incident) return this.error(res, 404, 5001, 'Incident Not Found');
      return this.send(res, 200, { incident });
    }
    if (parts[0] === 'incidents' && parts[2] === 'log_entries') {
      return this.page(
        res,
        q,
        'log_entries',
        this.data.logEntries.get(parts[1]) ?? [],
      );
    }
    if (r.path === '/oncalls') {
      const since = Date.parse(q.get('since') ?? '');
      const until = Date.parse(q.get('until') ?? '');
      const policies = set('escalation_policy_ids');
      const schedules = set('schedule_ids');
      const rows = this.data.oncalls.filter(
        o =>
          (!policies.length || policies.includes(o.escalation_policy.id)) &&
          (!schedules.length ||
            (o.schedule && schedules.includes(o.schedule.id))) &&
          (o.start === null || Date.parse(o.start) < until) &&
          (o.end === null || Date.parse(o.end) > since),
      );
      return this.page(res, q, 'oncalls', rows);
    }
    return this.error(res, 404, 2100, 'Not Found');
  }
}
