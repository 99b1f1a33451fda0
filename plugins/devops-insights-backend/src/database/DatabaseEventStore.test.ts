import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import { SourceStateStore } from './SourceStateStore';
import { NormalizedEvent } from './EventStore';

jest.setTimeout(60_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const deployment = (
  id: string,
  entityRef: string,
  extra: Partial<Extract<NormalizedEvent, { type: 'deployment' }>> = {},
): NormalizedEvent => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef,
  environment: 'production',
  production: true,
  status: 'success',
  finishedAt: '2026-01-05T10:00:00.000Z',
  ...extra,
});

const incident = (
  id: string,
  entityRef: string,
  extra: Partial<Extract<NormalizedEvent, { type: 'incident' }>> = {},
): NormalizedEvent => ({
  type: 'incident',
  source: 'pd',
  id,
  entityRef,
  urgency: 'high',
  createdAt: '2026-01-05T11:00:00.000Z',
  ...extra,
});

describe('DatabaseEventStore', () => {
  it.each(databases.eachSupportedId())(
    'upserts idempotently and loads a scope with the rows pointing into it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );

      const first = await store.upsert([
        deployment('d1', 'component:default/a', {
          changes: [
            {
              id: 'sha1',
              authoredAt: '2026-01-05T08:00:00.000Z',
              mergedAt: '2026-01-05T09:00:00.000Z',
            },
          ],
        }),
        deployment('d2', 'component:default/b', {
          remediates: { deployment: { source: 'ci', id: 'd1' } },
        }),
        incident('i1', 'component:default/c', {
          causedBy: { source: 'ci', id: 'd1' },
          changeRelated: true,
          resolvedAt: '2026-01-05T12:00:00.000Z',
        }),
        incident('i2', 'component:default/a', { urgency: 'low' }),
        incident('i3', 'component:default/z'),
      ]);
      expect(first).toEqual({
        created: 5,
        updated: 0,
        unchanged: 0,
        changedEntityRefs: [
          'component:default/a',
          'component:default/b',
          'component:default/c',
          'component:default/z',
        ],
      });

      const again = await store.upsert([
        deployment('d1', 'component:default/a', {
          changes: [
            {
              id: 'sha1',
              authoredAt: '2026-01-05T08:00:00.000Z',
              mergedAt: '2026-01-05T09:00:00.000Z',
            },
          ],
        }),
        incident('i2', 'component:default/a', { urgency: 'high' }),
        // Sent twice in one batch: the last version wins, counted once.
        incident('i4', 'component:default/a', { title: 'first' }),
        incident('i4', 'component:default/a', { title: 'second' }),
      ]);
      expect(again).toEqual({
        created: 1,
        updated: 1,
        unchanged: 1,
        changedEntityRefs: ['component:default/a'],
      });

      const scope = await store.loadDora(['component:default/a']);
      const byId = <T extends { id: string }>(rows: T[]) =>
        rows.map(r => r.id).sort();
      expect(byId(scope.deployments)).toEqual(['d1', 'd2']);
      expect(byId(scope.incidents)).toEqual(['i1', 'i2', 'i4']);

      const d1 = scope.deployments.find(d => d.id === 'd1')!;
      expect(d1).toMatchObject({
        entityRef: 'component:default/a',
        production: true,
        finishedAt: Date.parse('2026-01-05T10:00:00Z'),
        startedAt: null,
        changes: [
          {
            id: 'sha1',
            authoredAt: Date.parse('2026-01-05T08:00:00Z'),
            pullRequestOpenedAt: null,
            mergedAt: Date.parse('2026-01-05T09:00:00Z'),
          },
        ],
      });
      expect(
        scope.deployments.find(d => d.id === 'd2')!.remediatesDeployment,
      ).toEqual({ source: 'ci', id: 'd1' });
      expect(scope.incidents.find(i => i.id === 'i1')).toMatchObject({
        causedBy: { source: 'ci', id: 'd1' },
        changeRelated: true,
        resolvedAt: Date.parse('2026-01-05T12:00:00Z'),
      });
      expect(scope.incidents.find(i => i.id === 'i2')!.urgency).toBe('high');
      expect(scope.incidents.find(i => i.id === 'i4')!.title).toBe('second');

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'moves the version of every entity a change touches, and only those, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const refs = ['a', 'b', 'c', 'd', 'e'].map(n => `component:default/${n}`);
      const [a, b, c, d, e] = refs;
      await store.upsert([
        deployment('d1', a),
        deployment('d2', b),
        deployment('d3', e),
        incident('i1', c),
      ]);
      expect(await store.versions([...refs, 'component:default/none'])).toEqual(
        new Map([
          [a, 1],
          [b, 1],
          [c, 1],
          [e, 1],
        ]),
      );

      // An incident of c now names b's deployment: c's rows and b's facts.
      await store.upsert([
        incident('i1', c, { causedBy: { source: 'ci', id: 'd2' } }),
      ]);
      // It moves to d and names a's deployment instead: c loses a row, b
      // loses the pointer, d and a gain them.
      const moved = await store.upsert([
        incident('i1', d, { causedBy: { source: 'ci', id: 'd1' } }),
      ]);
      expect(moved.changedEntityRefs).toEqual([a, b, c, d]);
      // Re-sending what is stored touches nothing.
      const same = await store.upsert([
        incident('i1', d, { causedBy: { source: 'ci', id: 'd1' } }),
      ]);
      expect(same.changedEntityRefs).toEqual([]);
      expect(await store.versions(refs)).toEqual(
        new Map([
          [a, 2],
          [b, 3],
          [c, 3],
          [d, 1],
          [e, 1],
        ]),
      );
      expect((await store.entityRefs()).sort()).toEqual(refs);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores pages, shifts, CI runs and toil reports, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const base = { source: 'pd', entityRef: 'component:default/a' };
      await store.upsert([
        {
          ...base,
          type: 'page',
          id: 'p1',
          userRef: 'user:default/ann',
          notifiedAt: '2026-01-05T03:00:00.000Z',
          channel: 'phone',
          timeZone: 'Europe/Berlin',
        },
        {
          ...base,
          type: 'oncall-shift',
          id: 's1',
          entityRef: 'group:default/team',
          userRef: 'user:default/ann',
          start: '2026-01-05T09:00:00.000Z',
          end: null,
          level: 1,
        },
        {
          ...base,
          type: 'ci-run',
          id: 'r1',
          name: 'build',
          attempt: 2,
          trigger: 'manual',
          status: 'success',
          startedAt: '2026-01-05T10:00:00.000Z',
          finishedAt: '2026-01-05T10:05:00.000Z',
        },
        {
          ...base,
          type: 'toil-report',
          id: 't1',
          hours: 2.5,
          category: 'certificates',
          week: '2026-W02',
        },
      ]);
      const own = await store.loadActivity(['component:default/a']);
      expect(own.pages).toEqual([
        expect.objectContaining({
          userRef: 'user:default/ann',
          notifiedAt: Date.parse('2026-01-05T03:00:00Z'),
          channel: 'phone',
          timeZone: 'Europe/Berlin',
          incidentId: null,
        }),
      ]);
      expect(own.shifts).toEqual([]);
      expect(own.ciRuns).toEqual([
        expect.objectContaining({
          attempt: 2,
          trigger: 'manual',
          finishedAt: Date.parse('2026-01-05T10:05:00Z'),
        }),
      ]);
      expect(own.toilReports).toEqual([
        expect.objectContaining({
          hours: 2.5,
          weekStart: Date.parse('2026-01-05T00:00:00Z'),
        }),
      ]);
      const team = await store.loadActivity(['group:default/team']);
      expect(team.shifts).toEqual([
        expect.objectContaining({
          level: 1,
          end: null,
          start: Date.parse('2026-01-05T09:00:00Z'),
        }),
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "reads a window's toil activity and when each entity's began, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const run = (
        id: string,
        entityRef: string,
        startedAt: string,
        finishedAt?: string,
      ): NormalizedEvent => ({
        type: 'ci-run',
        source: 'ci',
        id,
        entityRef,
        name: 'build',
        attempt: 1,
        trigger: 'manual',
        status: finishedAt ? 'success' : 'in_progress',
        startedAt,
        finishedAt,
      });
      const report = (
        id: string,
        entityRef: string,
        week: string,
      ): NormalizedEvent => ({
        type: 'toil-report',
        source: 'ci',
        id,
        entityRef,
        hours: 1,
        category: 'certificates',
        week,
      });
      const [a, b, c] = ['a', 'b', 'c'].map(n => `component:default/${n}`);
      await store.upsert([
        run('before', a, '2025-12-30T10:00:00Z', '2025-12-30T11:00:00Z'),
        // Started before the window, finished in it: counted at its finish.
        run('across', a, '2025-12-31T23:00:00Z', '2026-01-01T01:00:00Z'),
        run('open', a, '2026-01-10T10:00:00Z'),
        run('at-end', a, '2026-01-31T23:00:00Z', '2026-02-01T00:00:00Z'),
        report('w01', a, '2026-W01'),
        report('w02', a, '2026-W02'),
        report('w06', a, '2026-W06'),
        report('old', b, '2025-W40'),
        run('later', c, '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z'),
      ]);

      const got = await store.loadToilActivity([a, b, c], {
        from: Date.parse('2026-01-01T00:00:00Z'),
        to: Date.parse('2026-02-01T00:00:00Z'),
      });
      expect(got.ciRuns.map(r => r.id)).toEqual(['across']);
      // 2026-W01 begins on Monday 2025-12-29, before the window.
      expect(got.toilReports.map(r => r.id)).toEqual(['w02']);
      expect(got.firstActivityAt).toEqual(
        new Map([
          [a, Date.parse('2025-12-29T00:00:00Z')],
          [b, Date.parse('2025-09-29T00:00:00Z')],
          [c, Date.parse('2026-03-01T10:00:00Z')],
        ]),
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'counts and writes batches larger than a write chunk, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const ref = (n: string) => `component:default/${n}`;
      const many = (commitSha: (i: number) => string) =>
        Array.from({ length: 6000 }, (_, i) =>
          deployment(`d${i}`, ref(`e${i % 50}`), { commitSha: commitSha(i) }),
        );
      const seeded = await store.upsert([
        ...many(() => 'v1'),
        incident('i1', ref('inc'), { causedBy: { source: 'ci', id: 'd2' } }),
      ]);
      expect(seeded.created).toBe(6001);
      expect(seeded.changedEntityRefs).toHaveLength(51);

      const second = await store.upsert([
        // Every 100th changes (all on entity e0); d1 moves to another entity.
        ...many(i => (i % 100 === 0 ? 'v2' : 'v1')),
        deployment('d1', ref('moved'), { commitSha: 'v1' }),
        ...Array.from({ length: 500 }, (_, i) =>
          deployment(`n${i}`, ref('new')),
        ),
        // Changed; its caused-by deployment's entity e2 moves with it.
        incident('i1', ref('inc'), {
          title: 'x',
          causedBy: { source: 'ci', id: 'd2' },
        }),
      ]);
      expect(second).toEqual({
        created: 500,
        updated: 62,
        unchanged: 5939,
        changedEntityRefs: [
          ref('e0'),
          ref('e1'),
          ref('e2'),
          ref('inc'),
          ref('moved'),
          ref('new'),
        ],
      });
      expect(
        await store.versions([ref('e0'), ref('e1'), ref('e2'), ref('e3')]),
      ).toEqual(
        new Map([
          [ref('e0'), 2],
          [ref('e1'), 2],
          [ref('e2'), 2],
          [ref('e3'), 1],
        ]),
      );
      const e0 = await store.loadDora([ref('e0')]);
      expect(e0.deployments).toHaveLength(120);
      expect(
        e0.deployments
          .filter(d => d.commitSha === 'v2')
          .map(d => d.id)
          .sort(),
      ).toEqual(Array.from({ length: 60 }, (_, i) => `d${i * 100}`).sort());
      const moved = await store.loadDora([ref('moved')]);
      expect(moved.deployments.map(d => d.id)).toEqual(['d1']);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'round-trips every column, set and null, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const a = 'component:default/a';
      const text = `"quoted" 'ü' \\ {braces,} NULL`;
      const t = (hour: number) =>
        `2026-01-05T${String(hour).padStart(2, '0')}:00:00.000Z`;
      const base = { source: 'src', entityRef: a };
      await store.upsert([
        {
          ...base,
          type: 'deployment',
          id: 'full',
          environment: text,
          production: false,
          status: 'success',
          startedAt: t(1),
          finishedAt: t(2),
          commitSha: text,
          url: text,
          trigger: 'manual',
          changes: [
            {
              id: text,
              authoredAt: t(0),
              pullRequestOpenedAt: t(0),
              mergedAt: t(1),
            },
          ],
          remediates: {
            deployment: { source: 'src', id: 'bare' },
            incidentId: text,
          },
        },
        {
          ...base,
          type: 'deployment',
          id: 'bare',
          environment: 'e',
          production: true,
          status: 'in_progress',
        },
        {
          ...base,
          type: 'incident',
          id: 'full',
          title: text,
          urgency: 'low',
          createdAt: t(1),
          acknowledgedAt: t(2),
          resolvedAt: t(3),
          causedBy: { source: 'src', id: 'full' },
          changeRelated: false,
          autoResolved: true,
          dedupKey: text,
          url: text,
          postmortemUrl: text,
        },
        {
          ...base,
          type: 'incident',
          id: 'bare',
          urgency: 'high',
          createdAt: t(1),
        },
        {
          ...base,
          type: 'page',
          id: 'full',
          userRef: text,
          notifiedAt: t(1),
          channel: 'sms',
          incidentId: text,
          timeZone: 'Europe/Berlin',
        },
        {
          ...base,
          type: 'page',
          id: 'bare',
          userRef: 'u',
          notifiedAt: t(1),
          channel: 'email',
        },
        {
          ...base,
          type: 'oncall-shift',
          id: 'full',
          userRef: 'u',
          start: t(1),
          end: t(2),
          level: 3,
          scheduleName: text,
          scheduleUrl: text,
        },
        {
          ...base,
          type: 'oncall-shift',
          id: 'bare',
          userRef: 'u',
          start: t(1),
          level: 1,
        },
        {
          ...base,
          type: 'ci-run',
          id: 'full',
          name: text,
          attempt: 7,
          trigger: 'automatic',
          status: 'failure',
          startedAt: t(1),
          finishedAt: t(2),
          url: text,
        },
        {
          ...base,
          type: 'ci-run',
          id: 'bare',
          name: 'n',
          attempt: 1,
          trigger: 'manual',
          status: 'in_progress',
          startedAt: t(1),
        },
        {
          ...base,
          type: 'toil-report',
          id: 'full',
          userRef: text,
          hours: 0.25,
          category: text,
          description: text,
          week: '2026-W02',
        },
        {
          ...base,
          type: 'toil-report',
          id: 'bare',
          hours: 168,
          category: 'c',
          week: '2026-W01',
        },
      ]);
      const key = { source: 'src', entityRef: a };
      const byId = <T extends { id: string }>(rows: T[]) =>
        [...rows].sort((x, y) => x.id.localeCompare(y.id));
      const dora = await store.loadDora([a]);
      expect(byId(dora.deployments)).toEqual([
        {
          ...key,
          id: 'bare',
          environment: 'e',
          production: true,
          status: 'in_progress',
          trigger: null,
          startedAt: null,
          finishedAt: null,
          commitSha: null,
          url: null,
          changes: [],
          remediatesDeployment: null,
          remediatesIncidentId: null,
        },
        {
          ...key,
          id: 'full',
          environment: text,
          production: false,
          status: 'success',
          trigger: 'manual',
          startedAt: Date.parse(t(1)),
          finishedAt: Date.parse(t(2)),
          commitSha: text,
          url: text,
          changes: [
            {
              id: text,
              authoredAt: Date.parse(t(0)),
              pullRequestOpenedAt: Date.parse(t(0)),
              mergedAt: Date.parse(t(1)),
            },
          ],
          remediatesDeployment: { source: 'src', id: 'bare' },
          remediatesIncidentId: text,
        },
      ]);
      expect(byId(dora.incidents)).toEqual([
        {
          ...key,
          id: 'bare',
          title: null,
          urgency: 'high',
          createdAt: Date.parse(t(1)),
          acknowledgedAt: null,
          resolvedAt: null,
          causedBy: null,
          changeRelated: null,
          autoResolved: null,
          dedupKey: null,
          url: null,
          postmortemUrl: null,
        },
        {
          ...key,
          id: 'full',
          title: text,
          urgency: 'low',
          createdAt: Date.parse(t(1)),
          acknowledgedAt: Date.parse(t(2)),
          resolvedAt: Date.parse(t(3)),
          causedBy: { source: 'src', id: 'full' },
          changeRelated: false,
          autoResolved: true,
          dedupKey: text,
          url: text,
          postmortemUrl: text,
        },
      ]);
      const activity = await store.loadActivity([a]);
      expect(byId(activity.pages)).toEqual([
        {
          ...key,
          id: 'bare',
          userRef: 'u',
          notifiedAt: Date.parse(t(1)),
          channel: 'email',
          incidentId: null,
          timeZone: null,
        },
        {
          ...key,
          id: 'full',
          userRef: text,
          notifiedAt: Date.parse(t(1)),
          channel: 'sms',
          incidentId: text,
          timeZone: 'Europe/Berlin',
        },
      ]);
      expect(byId(activity.shifts)).toEqual([
        {
          ...key,
          id: 'bare',
          userRef: 'u',
          start: Date.parse(t(1)),
          end: null,
          level: 1,
          scheduleName: null,
          scheduleUrl: null,
        },
        {
          ...key,
          id: 'full',
          userRef: 'u',
          start: Date.parse(t(1)),
          end: Date.parse(t(2)),
          level: 3,
          scheduleName: text,
          scheduleUrl: text,
        },
      ]);
      expect(byId(activity.ciRuns)).toEqual([
        {
          ...key,
          id: 'bare',
          name: 'n',
          attempt: 1,
          trigger: 'manual',
          status: 'in_progress',
          startedAt: Date.parse(t(1)),
          finishedAt: null,
          url: null,
        },
        {
          ...key,
          id: 'full',
          name: text,
          attempt: 7,
          trigger: 'automatic',
          status: 'failure',
          startedAt: Date.parse(t(1)),
          finishedAt: Date.parse(t(2)),
          url: text,
        },
      ]);
      expect(byId(activity.toilReports)).toEqual([
        {
          ...key,
          id: 'bare',
          userRef: null,
          hours: 168,
          category: 'c',
          description: null,
          weekStart: Date.parse('2025-12-29T00:00:00Z'),
        },
        {
          ...key,
          id: 'full',
          userRef: text,
          hours: 0.25,
          category: text,
          description: text,
          weekStart: Date.parse('2026-01-05T00:00:00Z'),
        },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps cursors, sync status and webhook deliveries, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2026-01-05T10:00:00Z');
      const state = new SourceStateStore(
        await migrateDatabase({ getClient: async () => knex }),
        () => now,
      );
      expect(await state.getCursor('github', 'acme/shop')).toBeUndefined();
      await state.setCursor('github', 'acme/shop', 'etag-1');
      await state.setCursor('github', 'acme/shop', 'etag-2');
      expect(await state.getCursor('github', 'acme/shop')).toBe('etag-2');

      await state.recordSuccess('github', 'acme/shop', 10, {
        remaining: 4000,
        limit: 5000,
        resetAt: '2026-01-05T11:00:00.000Z',
      });
      now += 60_000;
      await state.recordFailure('github', 'acme/shop', 'Bad credentials');
      now += 60_000;
      await state.recordSuccess('github', 'acme/shop', 5);
      await state.recordFailure('gitlab', 'group/app', 'timeout');
      expect(await state.listStatus()).toEqual([
        {
          source: 'github',
          target: 'acme/shop',
          lastSuccessAt: '2026-01-05T10:02:00.000Z',
          lastError: {
            message: 'Bad credentials',
            at: '2026-01-05T10:01:00.000Z',
          },
          rowsIngested: 15,
          rateLimit: {
            remaining: 4000,
            limit: 5000,
            resetAt: '2026-01-05T11:00:00.000Z',
          },
        },
        {
          source: 'gitlab',
          target: 'group/app',
          lastSuccessAt: null,
          lastError: { message: 'timeout', at: '2026-01-05T10:02:00.000Z' },
          rowsIngested: 0,
          rateLimit: null,
        },
      ]);

      expect(await state.claimDelivery('github', 'd-1')).toBe(true);
      expect(await state.claimDelivery('github', 'd-1')).toBe(false);
      expect(await state.claimDelivery('gitlab', 'd-1')).toBe(true);
      await state.releaseDelivery('github', 'd-1');
      expect(await state.claimDelivery('github', 'd-1')).toBe(true);
      await knex.destroy();
    },
  );
});
