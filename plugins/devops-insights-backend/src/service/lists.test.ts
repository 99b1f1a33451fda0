import { TestDatabases } from '@backstage/backend-test-utils';
import {
  buildDoraIndex,
  DEFAULT_DORA_CONFIG,
  eventKey,
  isChangeFailure,
  leadTimeMedianByDeployment,
  onCallOf,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import {
  NormalizedEvent,
  StoredDeployment,
  StoredIncident,
} from '../database/EventStore';
import { ListStore } from '../database/ListStore';
import { deploymentList } from './deploymentList';
import { incidentList } from './incidentList';
import {
  DEPLOYMENT_LIST,
  INCIDENT_LIST,
  ListRequest,
  listPage,
} from './listPage';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const dora = DEFAULT_DORA_CONFIG;
const HOUR = 3600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number | null) =>
  ms === null ? undefined : new Date(ms).toISOString();
const ref = (name: string) => `component:default/${name}`;
const SCOPE = ['a', 'b', 'c', 'd'].map(ref);
const OUTSIDE = ['x', 'y'].map(ref);

/** mulberry32: every run draws the same rows. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sixty days of deployments and incidents, with every case the derived
 * fields turn on: times on whole hours (ties in every order), unfinished
 * deployments, changes shipped again later, remediations and named incidents
 * across entities and from outside the scope, incidents just inside and
 * outside the attribution window.
 */
function history(): NormalizedEvent[] {
  const random = prng(12);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(random() * items.length)];
  const events: NormalizedEvent[] = [];
  const deployments: Array<{ id: string; source: string }> = [];
  for (let n = 0; n < 420; n++) {
    const entityRef = n % 12 === 0 ? pick(OUTSIDE) : pick(SCOPE);
    const finished = T0 + Math.floor(random() * 60 * 24) * HOUR;
    const unfinished = random() < 0.08;
    const source = pick(['ci', 'gh']);
    const id = `d${n}`;
    const change = () => {
      const changeId = `c${Math.floor(random() * 500)}`;
      return {
        id: changeId,
        authoredAt: iso(finished - Math.floor(random() * 80) * HOUR)!,
        ...(random() < 0.5 && {
          mergedAt: iso(finished - Math.floor(random() * 3) * HOUR)!,
        }),
      };
    };
    const remediates =
      deployments.length && random() < 0.1 ? pick(deployments) : undefined;
    events.push({
      type: 'deployment',
      source,
      id,
      entityRef,
      environment: pick(['production', 'staging', 'Prod-EU', 'qa']),
      production: random() < 0.8,
      status: pick(['success', 'success', 'success', 'failure', 'cancelled']),
      startedAt: iso(finished - HOUR),
      finishedAt: unfinished ? undefined : iso(finished),
      commitSha: random() < 0.7 ? `sha${n}` : undefined,
      url: `https://ci.example/${id}`,
      changes: Array.from({ length: Math.floor(random() * 4) }, change),
      ...(remediates && { remediates: { deployment: remediates } }),
    });
    deployments.push({ id, source });
  }
  for (let n = 0; n < 240; n++) {
    const entityRef = n % 10 === 0 ? pick(OUTSIDE) : pick(SCOPE);
    const created = T0 + Math.floor(random() * 60 * 24) * HOUR;
    const acknowledged = random() < 0.6 ? created + 2 * HOUR : null;
    const resolved =
      random() < 0.6 ? created + Math.floor(random() * 72) * HOUR : null;
    events.push({
      type: 'incident',
      source: 'pd',
      id: `i${n}`,
      entityRef,
      title: random() < 0.8 ? `Outage ${n % 7}` : undefined,
      urgency: random() < 0.7 ? 'high' : 'low',
      createdAt: iso(created)!,
      acknowledgedAt: iso(acknowledged),
      resolvedAt: iso(resolved),
      ...(random() < 0.25 && { causedBy: pick(deployments) }),
      ...(random() < 0.2 && { changeRelated: random() < 0.5 }),
      url: `https://pd.example/i${n}`,
    });
  }
  return events;
}

/** Rows in the order the lists break ties in: entity, source, id. */
const byIdentity = <
  T extends { entityRef: string; source: string; id: string },
>(
  rows: T[],
) =>
  [...rows].sort((a, b) => {
    const x = [a.entityRef, a.source, a.id];
    const y = [b.entityRef, b.source, b.id];
    for (let i = 0; i < 3; i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
  });

const inWindow = (t: number | null, w: TimeWindow) =>
  t !== null && t >= w.from && t < w.to;

/**
 * The lists as they were computed before they read pages: over the scope's
 * whole history by the pure definitions (MetricsService until 2026-12-01).
 */
async function reference(store: DatabaseEventStore, scope: string[]) {
  const rows = await store.loadDora(scope);
  const index = buildDoraIndex(
    { scopeEntityRefs: new Set(scope), ...rows },
    dora,
  );
  const inScope = new Set(scope);
  const leadTimes = leadTimeMedianByDeployment(index);
  const doraKeys = new Set(index.doraDeployments.map(eventKey));
  const failed = (d: StoredDeployment) =>
    doraKeys.has(eventKey(d)) ? isChangeFailure(index, d) : null;
  const urls = new Map(rows.deployments.map(d => [eventKey(d), d.url]));
  const state = (i: StoredIncident) => {
    if (i.resolvedAt !== null) return 'resolved';
    return i.acknowledgedAt !== null ? 'acknowledged' : 'open';
  };
  return {
    deployments: (w: TimeWindow, page: ListRequest & { failed?: true }) =>
      listPage(
        byIdentity(rows.deployments)
          .filter(d => inScope.has(d.entityRef))
          .filter(d => inWindow(d.finishedAt ?? d.startedAt, w))
          .filter(d => !page.failed || failed(d) === true)
          .sort(
            (a, b) =>
              (b.finishedAt ?? b.startedAt ?? 0) -
              (a.finishedAt ?? a.startedAt ?? 0),
          ),
        page,
        DEPLOYMENT_LIST,
        d => ({
          source: d.source,
          id: d.id,
          entityRef: d.entityRef,
          environment: d.environment,
          production: d.production,
          status: d.status,
          trigger: d.trigger,
          startedAt: d.startedAt === null ? null : iso(d.startedAt)!,
          finishedAt: d.finishedAt === null ? null : iso(d.finishedAt)!,
          commitSha: d.commitSha,
          url: d.url,
          changes: d.changes.length,
          leadTimeMedianSeconds: leadTimes.get(eventKey(d)) ?? null,
          countsForDora: doraKeys.has(eventKey(d)),
          failed: failed(d),
          remediates:
            d.remediatesDeployment || d.remediatesIncidentId
              ? {
                  ...(d.remediatesDeployment && {
                    deployment: d.remediatesDeployment,
                  }),
                  ...(d.remediatesIncidentId && {
                    incidentId: d.remediatesIncidentId,
                  }),
                }
              : null,
        }),
      ),
    incidents: (
      w: TimeWindow,
      page: ListRequest & {
        urgency?: 'high' | 'low';
        status?: 'open' | 'acknowledged' | 'resolved';
      },
    ) =>
      listPage(
        byIdentity(rows.incidents)
          .filter(i => inScope.has(i.entityRef))
          .filter(i => inWindow(i.createdAt, w) || inWindow(i.resolvedAt, w))
          .filter(i => !page.urgency || i.urgency === page.urgency)
          .filter(i => !page.status || state(i) === page.status)
          .sort((a, b) => b.createdAt - a.createdAt),
        page,
        INCIDENT_LIST,
        i => {
          const attribution = index.attributionByIncident.get(eventKey(i));
          return {
            source: i.source,
            id: i.id,
            entityRef: i.entityRef,
            title: i.title,
            urgency: i.urgency,
            createdAt: iso(i.createdAt)!,
            acknowledgedAt:
              i.acknowledgedAt === null ? null : iso(i.acknowledgedAt)!,
            resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt)!,
            durationSeconds:
              i.resolvedAt !== null
                ? (i.resolvedAt - i.createdAt) / 1000
                : null,
            attributedDeployment: attribution
              ? {
                  source: attribution.deployment.source,
                  id: attribution.deployment.id,
                  explicit: attribution.explicit,
                  url: urls.get(eventKey(attribution.deployment)) ?? null,
                }
              : null,
            changeRelated: i.changeRelated,
            autoResolved: i.autoResolved,
            dedupKey: i.dedupKey,
            url: i.url,
            postmortemUrl: i.postmortemUrl,
          };
        },
      ),
  };
}

async function seeded(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = new DatabaseEventStore(
    await migrateDatabase({ getClient: async () => knex }),
  );
  return { knex, store, lists: new ListStore(knex) };
}

const WINDOWS: TimeWindow[] = [
  { from: T0 + 20 * 24 * HOUR, to: T0 + 34 * 24 * HOUR },
  { from: T0 - 24 * HOUR, to: T0 + 70 * 24 * HOUR },
];

/** Pages on both sides of each boundary, and past the end. */
const SLICES = [
  { limit: 7, offset: 0 },
  { limit: 7, offset: 7 },
  { limit: 13, offset: 40 },
  { limit: 500, offset: 0 },
  { limit: 5, offset: 1000 },
];

const requests = <F extends object>(
  sorts: string[],
  filters: F[],
): Array<ListRequest & Partial<F>> =>
  [
    ...SLICES.flatMap(slice => filters.map(f => ({ ...slice, ...f }))),
    ...sorts.flatMap(sort =>
      (['asc', 'desc', undefined] as const).flatMap(order =>
        [SLICES[0], SLICES[2]].map(slice => ({
          ...slice,
          sort,
          ...(order && { order }),
          ...filters[filters.length - 1],
        })),
      ),
    ),
    { limit: 9, offset: 3, search: 'prod' },
    { limit: 9, offset: 0, search: 'OUTAGE 3', sort: 'createdAt' },
    ...filters.map(f => ({ limit: 9, offset: 2, search: 'c', ...f })),
  ] as Array<ListRequest & Partial<F>>;

describe('the lists behind the numbers', () => {
  it.each(databases.eachSupportedId())(
    'answer every page, order and filter as the whole history does, on %p',
    async databaseId => {
      const { store, lists } = await seeded(databaseId);
      await store.upsert(history());
      for (const scope of [SCOPE, [ref('a')], [...SCOPE, ...OUTSIDE], []]) {
        const expected = await reference(store, scope);
        for (const window of WINDOWS) {
          for (const request of requests(Object.keys(DEPLOYMENT_LIST.sortBy), [
            {},
            { failed: true as const },
          ])) {
            const actual = await deploymentList(
              lists,
              scope,
              window,
              request,
              dora,
            );
            expect({ request, page: actual }).toEqual({
              request,
              page: expected.deployments(window, request),
            });
          }
          for (const request of requests(Object.keys(INCIDENT_LIST.sortBy), [
            {},
            { urgency: 'high' as const },
            { status: 'open' as const },
            { status: 'acknowledged' as const, urgency: 'low' as const },
            { status: 'resolved' as const },
          ])) {
            const actual = await incidentList(
              lists,
              scope,
              window,
              request,
              dora,
            );
            expect({ request, page: actual }).toEqual({
              request,
              page: expected.incidents(window, request),
            });
          }
        }
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'read only the page of a scope holding many more deployments, on %p',
    async databaseId => {
      const { knex, store, lists } = await seeded(databaseId);
      // 2 000 deployments, one every 6 hours per entity for four months.
      const events: NormalizedEvent[] = [];
      for (let n = 0; n < 2000; n++) {
        const finished = T0 + Math.floor(n / 4) * 6 * HOUR;
        events.push({
          type: 'deployment',
          source: 'ci',
          id: `d${n}`,
          entityRef: SCOPE[n % 4],
          environment: 'production',
          production: true,
          status: 'success',
          finishedAt: iso(finished)!,
          changes: [{ id: `c${n}`, authoredAt: iso(finished - HOUR)! }],
        });
      }
      await store.upsert(events);
      const fetched = countRows(knex);
      const window = { from: T0, to: T0 + 200 * 24 * HOUR };
      const page = await deploymentList(
        lists,
        SCOPE,
        window,
        { limit: 10, offset: 0 },
        dora,
      );
      expect(page.totalCount).toBe(2000);
      // Newest first; the four of each time by entity.
      expect(page.items.map(d => d.id)).toEqual(
        [1996, 1997, 1998, 1999, 1992, 1993, 1994, 1995, 1988, 1989].map(
          n => `d${n}`,
        ),
      );
      // The page (10), its count (a row for each half of the window:
      // finished, unfinished) and the rows around it: deployments up to a
      // day after the page's (none: it is the newest), incidents (none) and
      // earlier deployments naming its changes (none).
      expect(fetched()).toBe(12);
    },
  );
  it.each(databases.eachSupportedId())(
    "read a page whose rows lie far from the window's end (a quiet spell) as the whole window does, on %p",
    async databaseId => {
      const { store, lists } = await seeded(databaseId);
      // A burst at the window's start, one deployment at its end, one
      // unfinished: the rate of the whole window puts the first span in the
      // quiet spell, which holds too few rows for any page but the first.
      const window = { from: T0, to: T0 + 60 * 24 * HOUR };
      const at = (n: number) =>
        n === 0 ? window.to - HOUR : window.from + n * 60_000;
      await store.upsert(
        Array.from({ length: 120 }, (_, n) => ({
          type: 'deployment' as const,
          source: n % 2 ? 'ci' : 'gh',
          id: `d${n}`,
          entityRef: SCOPE[n % 3],
          environment: 'production',
          production: true,
          startedAt: iso(at(n) - 60_000)!,
          ...(n === 7
            ? { status: 'in_progress' as const }
            : { status: 'success' as const, finishedAt: iso(at(n))! }),
          changes: [],
        })),
      );
      const whole = await lists.deploymentsInWindow(SCOPE, window);
      expect(whole).toHaveLength(120);
      for (const slice of [
        { limit: 1, offset: 0 },
        { limit: 10, offset: 0 },
        { limit: 10, offset: 10 },
        { limit: 7, offset: 113 },
        { limit: 5, offset: 200 },
      ]) {
        const page = await lists.deploymentPage(SCOPE, window, slice);
        expect({ slice, ...page }).toEqual({
          slice,
          rows: whole.slice(slice.offset, slice.offset + slice.limit),
          totalCount: 120,
        });
      }
    },
  );
});

/** Rows the database returned to knex since the call. */
function countRows(knex: Knex) {
  let rows = 0;
  knex.on('query-response', (response: unknown) => {
    if (Array.isArray(response)) rows += response.length;
  });
  return () => rows;
}

describe('on-call shifts', () => {
  it.each(databases.eachSupportedId())(
    'are read for the window, now and the next 14 days, with the same figures, on %p',
    async databaseId => {
      const { store } = await seeded(databaseId);
      const random = prng(7);
      const shifts: NormalizedEvent[] = Array.from({ length: 300 }, (_, n) => {
        const start = T0 + Math.floor(random() * 120 * 24) * HOUR;
        return {
          type: 'oncall-shift',
          source: 'pd',
          id: `s${n}`,
          entityRef: n % 3 ? ref('a') : 'group:default/team',
          userRef: `user:default/u${n % 5}`,
          start: iso(start)!,
          end:
            random() < 0.05
              ? undefined
              : iso(start + 12 * HOUR * (1 + (n % 4))),
          level: 1 + (n % 2),
        };
      });
      await store.upsert(shifts);
      const refs = [ref('a'), 'group:default/team'];
      const all = byIdentityAndStart(
        (await store.loadActivity(refs, ['shifts'])).shifts,
      );
      for (const [window, now] of [
        [
          { from: T0 + 30 * 24 * HOUR, to: T0 + 44 * 24 * HOUR },
          T0 + 50 * 24 * HOUR,
        ],
        [
          { from: T0 + 30 * 24 * HOUR, to: T0 + 60 * 24 * HOUR },
          T0 + 40 * 24 * HOUR,
        ],
        [{ from: T0, to: T0 + 7 * 24 * HOUR }, T0 + 110 * 24 * HOUR],
      ] as const) {
        const read = await store.loadShifts(refs, {
          window,
          now,
          until: now + 14 * 24 * HOUR,
        });
        expect(read.length).toBeLessThan(all.length);
        const figures = (s: typeof all) =>
          onCallOf(
            {
              shifts: s,
              pages: [],
              incidents: [],
              userTimeZones: new Map(),
              defaultTimeZone: 'UTC',
              now,
            },
            window,
          );
        expect(figures(read)).toEqual(figures(all));
      }
    },
  );
});

/** Shifts in the order loadShifts reads them. */
function byIdentityAndStart<
  T extends { entityRef: string; start: number; source: string; id: string },
>(rows: T[]) {
  return [...rows].sort(
    (a, b) =>
      (a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef)) ||
      a.start - b.start ||
      (a.source < b.source ? -1 : Number(a.source > b.source)) ||
      (a.id < b.id ? -1 : Number(a.id > b.id)),
  );
}
