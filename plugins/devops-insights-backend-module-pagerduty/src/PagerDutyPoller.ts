import {
  DevopsInsightsEventInput,
  MAX_EVENTS_PER_REQUEST,
} from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsEventSink,
  DevopsInsightsSyncContext,
  isInShiftScope,
} from '@devops-insights/backstage-plugin-node';
import {
  CatalogIndex,
  createUserResolver,
  entitiesOfService,
} from './catalogIndex';
import {
  mapIncident,
  mapOncalls,
  mapPages,
  PAGERDUTY_SOURCE_ID,
  ShiftInput,
  shiftIdPrefix,
  ShiftTarget,
  UserResolver,
} from './mapping';
import { MAX_WINDOW_MS, PagerDutyClient, splitRange } from './PagerDutyClient';
import { PdIncident, PdLogEntry, PdOncall, PdService, PdUser } from './types';

const DAY_MS = 24 * 3600 * 1000;
/** Ids per set filter, to keep URLs well below proxy limits. */
const IDS_PER_REQUEST = 50;
const OPEN = ['triggered', 'acknowledged'];

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

/**
 * All-or-nothing per batch, batches no larger than the events API allows.
 * Rows a window boundary returned twice are sent once.
 */
async function ingestAll(
  sink: DevopsInsightsEventSink,
  all: DevopsInsightsEventInput[],
) {
  const events = [...new Map(all.map(e => [`${e.type}/${e.id}`, e])).values()];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
    await sink.ingest(events.slice(i, i + MAX_EVENTS_PER_REQUEST));
  }
  return events.length;
}

export type PollerOptions = {
  clients: PagerDutyClient[];
  loadIndex: () => Promise<CatalogIndex>;
  backfillDays: number;
  oncallLookaheadDays: number;
  /** Per account: integration key → service id, shared with the webhook. */
  integrationServices: Map<string, Map<string, string>>;
  now?: () => number;
};

/** What one account's sync works with. */
type AccountRun = {
  client: PagerDutyClient;
  ctx: DevopsInsightsSyncContext;
  serviceToEntity: Map<string, string>;
  users: UserResolver;
  unmatchedUsers: Set<string>;
  now: number;
  horizonStart: number;
};

/**
 * Incremental sync of every configured account: incidents (with their pages)
 * by creation-time windows, open incidents re-read until resolved, and
 * on-call shifts. Each window's cursor is set only after its events were
 * ingested, so a crash re-reads at most one window and nothing is lost.
 */
export class PagerDutyPoller {
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
  }

  async sync(ctx: DevopsInsightsSyncContext): Promise<void> {
    const index = await this.options.loadIndex();
    for (const client of this.options.clients) {
      ctx.signal?.throwIfAborted();
      try {
        const rowsIngested = await this.syncAccount(client, index, ctx);
        await ctx.status.success(client.accountId, {
          rowsIngested,
          rateLimit: client.rateLimit,
        });
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        // Other accounts still sync; the status makes the failure visible.
        ctx.logger.error(
          `PagerDuty sync of account ${client.accountId} failed`,
          error as Error,
        );
        await ctx.status.failure(client.accountId, error as Error, {
          rateLimit: client.rateLimit,
        });
      }
    }
  }

  private async syncAccount(
    client: PagerDutyClient,
    index: CatalogIndex,
    ctx: DevopsInsightsSyncContext,
  ): Promise<number> {
    const accountId = client.accountId;
    const bindings = index.bindings.filter(b => b.accountId === accountId);
    if (!bindings.length) return 0;

    const integrationServices = await this.resolveIntegrationKeys(
      client,
      bindings.flatMap(b => b.integrationKeys),
    );
    const serviceToEntity = new Map<string, string>();
    const serviceIds = new Set([
      ...bindings.flatMap(b => b.serviceIds),
      ...bindings.flatMap(b =>
        b.integrationKeys
          .map(k => integrationServices.get(k))
          .filter((s): s is string => !!s),
      ),
    ]);
    for (const serviceId of serviceIds) {
      const refs = entitiesOfService(
        index,
        accountId,
        serviceId,
        integrationServices,
      );
      serviceToEntity.set(serviceId, refs[0]);
      if (refs.length > 1) {
        ctx.logger.warn(
          `PagerDuty service ${serviceId} is claimed by ${refs.join(
            ', ',
          )}; its incidents go to ${refs[0]}`,
        );
      }
    }

    const pdUsers = await client.list<PdUser>('/users', 'users');
    const now = this.now();
    const run: AccountRun = {
      client,
      ctx,
      serviceToEntity,
      users: createUserResolver(index, new Map(pdUsers.map(u => [u.id, u]))),
      unmatchedUsers: new Set(),
      now,
      horizonStart: now - this.options.backfillDays * DAY_MS,
    };
    let rows = await this.syncIncidents(run);
    rows += await this.syncOncalls(run, bindings);
    if (run.unmatchedUsers.size) {
      ctx.logger.warn(
        `${
          run.unmatchedUsers.size
        } PagerDuty user(s) match no catalog user by profile email or devops-insights.io/pagerduty-user-id; their pages and shifts are skipped: ${[
          ...run.unmatchedUsers,
        ]
          .sort()
          .join(', ')}`,
      );
    }
    return rows;
  }

  private async resolveIntegrationKeys(
    client: PagerDutyClient,
    keys: string[],
  ) {
    const resolved = new Map<string, string>();
    if (keys.length) {
      const services = await client.list<PdService>('/services', 'services', {
        'include[]': ['integrations'],
      });
      for (const service of services) {
        for (const integration of service.integrations ?? []) {
          if (
            integration.integration_key &&
            keys.includes(integration.integration_key)
          ) {
            resolved.set(integration.integration_key, service.id);
          }
        }
      }
    }
    this.options.integrationServices.set(client.accountId, resolved);
    return resolved;
  }

  /** An incident and its pages, from the incident's full log. */
  private async incidentEvents(run: AccountRun, incidents: PdIncident[]) {
    const events: DevopsInsightsEventInput[] = [];
    for (const incident of incidents) {
      const entityRef = run.serviceToEntity.get(incident.service.id);
      if (!entityRef) continue;
      const log = await run.client.list<PdLogEntry>(
        `/incidents/${encodeURIComponent(incident.id)}/log_entries`,
        'log_entries',
        { time_zone: 'UTC', is_overview: false },
      );
      events.push(mapIncident(incident, log, entityRef));
      const { pages, unmatchedUserIds } = mapPages(
        log,
        incident.id,
        entityRef,
        run.users,
      );
      events.push(...pages);
      unmatchedUserIds.forEach(id => run.unmatchedUsers.add(id));
    }
    return events;
  }

  private async syncIncidents(run: AccountRun): Promise<number> {
    const { client, ctx } = run;
    const serviceIds = [...run.serviceToEntity.keys()].sort();
    if (!serviceIds.length) return 0;
    const cursorKey = `incidents:${client.accountId}`;
    const openKey = `open-incidents:${client.accountId}`;
    const stored = await ctx.cursors.get(cursorKey);
    const open = new Set<string>(
      JSON.parse((await ctx.cursors.get(openKey)) ?? '[]'),
    );
    const seen = new Set<string>();
    let rows = 0;

    for (const window of splitRange(
      stored ? Date.parse(stored) : run.horizonStart,
      run.now,
      MAX_WINDOW_MS,
    )) {
      ctx.signal?.throwIfAborted();
      const incidents: PdIncident[] = [];
      for (const ids of chunks(serviceIds, IDS_PER_REQUEST)) {
        incidents.push(
          ...(await client.listWindow<PdIncident>(
            '/incidents',
            'incidents',
            {
              'service_ids[]': ids,
              time_zone: 'UTC',
              sort_by: 'created_at:asc',
            },
            window.since,
            window.until,
          )),
        );
      }
      rows += await ingestAll(
        ctx.sink,
        await this.incidentEvents(run, incidents),
      );
      for (const incident of incidents) {
        seen.add(incident.id);
        if (incident.status === 'resolved') open.delete(incident.id);
        else open.add(incident.id);
      }
      // Open set first: a crash between the two writes re-reads the window.
      await ctx.cursors.set(openKey, JSON.stringify([...open].sort()));
      await ctx.cursors.set(cursorKey, new Date(window.until).toISOString());
    }

    // Incidents created before the cursor change later (acknowledged,
    // resolved, reopened): re-read those open last time or open now.
    const current: PdIncident[] = [];
    for (const ids of chunks(serviceIds, IDS_PER_REQUEST)) {
      current.push(
        ...(await client.list<PdIncident>('/incidents', 'incidents', {
          date_range: 'all',
          'statuses[]': OPEN,
          'service_ids[]': ids,
          time_zone: 'UTC',
        })),
      );
    }
    const currentById = new Map(current.map(i => [i.id, i]));
    const refresh: PdIncident[] = [];
    for (const id of new Set([...open, ...currentById.keys()])) {
      if (seen.has(id)) continue;
      const incident =
        currentById.get(id) ?? (await this.getIncident(client, id));
      if (incident) refresh.push(incident);
      else open.delete(id);
    }
    rows += await ingestAll(ctx.sink, await this.incidentEvents(run, refresh));
    for (const incident of refresh) {
      if (
        incident.status === 'resolved' ||
        !run.serviceToEntity.has(incident.service.id)
      ) {
        open.delete(incident.id);
      } else {
        open.add(incident.id);
      }
    }
    await ctx.cursors.set(openKey, JSON.stringify([...open].sort()));
    return rows;
  }

  private async getIncident(client: PagerDutyClient, id: string) {
    try {
      const body = await client.get<{ incident: PdIncident }>(
        `/incidents/${encodeURIComponent(id)}`,
        { time_zone: 'UTC' },
      );
      return body.incident;
    } catch (error) {
      // Deleted or no longer visible to the token: stop following it.
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  private async syncOncalls(
    run: AccountRun,
    bindings: CatalogIndex['bindings'],
  ): Promise<number> {
    const { client, ctx } = run;
    const policies = new Map<string, Set<string>>();
    const schedules = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, id: string, ref: string) =>
      map.set(id, (map.get(id) ?? new Set()).add(ref));
    // Components get the on-call of their services' escalation policies.
    for (const [serviceId, entityRef] of run.serviceToEntity) {
      const { service } = await client.get<{ service: PdService }>(
        `/services/${encodeURIComponent(serviceId)}`,
      );
      if (service.escalation_policy)
        add(policies, service.escalation_policy.id, entityRef);
    }
    for (const binding of bindings) {
      binding.policyIds.forEach(id => add(policies, id, binding.entityRef));
      binding.scheduleIds.forEach(id => add(schedules, id, binding.entityRef));
    }
    if (!policies.size && !schedules.size) return 0;

    const cursorKey = `oncalls:${client.accountId}`;
    const stored = await ctx.cursors.get(cursorKey);
    const horizonIso = new Date(run.horizonStart).toISOString();
    const until = run.now + this.options.oncallLookaheadDays * DAY_MS;
    let rows = 0;
    for (const window of splitRange(
      stored ? Date.parse(stored) : run.horizonStart,
      until,
      MAX_WINDOW_MS,
    )) {
      ctx.signal?.throwIfAborted();
      const range = {
        source: PAGERDUTY_SOURCE_ID,
        from: new Date(window.since).toISOString(),
        to: new Date(window.until).toISOString(),
      };
      for (const [kind, map, param] of [
        ['policy', policies, 'escalation_policy_ids[]'],
        ['schedule', schedules, 'schedule_ids[]'],
      ] as const) {
        for (const ids of chunks([...map.keys()].sort(), IDS_PER_REQUEST)) {
          const oncalls = await client.list<PdOncall>('/oncalls', 'oncalls', {
            [param]: ids,
            since: new Date(window.since).toISOString(),
            until: new Date(window.until).toISOString(),
            time_zone: 'UTC',
          });
          for (const id of ids) {
            const rowsOfId = oncalls.filter(o =>
              kind === 'policy'
                ? o.escalation_policy.id === id
                : o.schedule?.id === id,
            );
            const scope = { ...range, idPrefix: shiftIdPrefix(kind, id) };
            const shifts: ShiftInput[] = [];
            for (const entityRef of map.get(id)!) {
              const target: ShiftTarget = { kind, entityRef };
              const mapped = mapOncalls(
                rowsOfId,
                target,
                run.users,
                horizonIso,
              );
              shifts.push(...mapped.shifts);
              mapped.unmatchedUserIds.forEach(u => run.unmatchedUsers.add(u));
            }
            // What PagerDuty reports for the window is all there is: a
            // future shift that was moved (new start, new id) or deleted
            // (an override) loses its stored row. A row touching the window
            // only at its edge is not in it, and not the replacement's.
            const inScope = shifts.filter(shift =>
              isInShiftScope(scope, shift),
            );
            await ctx.sink.replaceShifts({ ...scope, shifts: inScope });
            rows += inScope.length;
          }
        }
      }
      // Only the past is final; upcoming shifts are re-read every sync.
      await ctx.cursors.set(
        cursorKey,
        new Date(Math.min(window.until, run.now)).toISOString(),
      );
    }
    return rows;
  }
}
