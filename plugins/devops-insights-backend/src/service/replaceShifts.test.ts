import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  DatabaseEventStore,
  migrateDatabase,
} from '../database/DatabaseEventStore';
import { CatalogReader } from './CachedCatalog';
import { EventBatchValidationError, IngestService } from './IngestService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

/** Every ref is known; the catalog plays no part in replacing shifts. */
const catalog = {
  getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
    items: entityRefs.map(() => ({})),
  }),
} as unknown as CatalogReader;

const A = 'group:default/a';
const B = 'group:default/b';
const C = 'group:default/c';

const shift = (
  id: string,
  entityRef: string,
  start: string,
  end: string | null,
  extra: Partial<DevopsInsightsEventInput> = {},
): DevopsInsightsEventInput =>
  ({
    type: 'oncall-shift',
    source: 'pd',
    id,
    entityRef,
    userRef: 'user:default/ann',
    start,
    end,
    level: 1,
    ...extra,
  } as DevopsInsightsEventInput);

async function setup(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = new DatabaseEventStore(
    await migrateDatabase({ getClient: async () => knex }),
  );
  const stored: string[][] = [];
  const sink = new IngestService({
    store,
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    productionEnvironments: ['production'],
    onStored: refs => stored.push(refs),
  });
  const shiftIds = async () =>
    (await store.loadActivity([A, B, C])).shifts.map(s => s.id).sort();
  return { store, sink, stored, shiftIds };
}

// The range is the next two weeks from 2026-03-01.
const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-03-15T00:00:00.000Z';

describe('IngestService.replaceShifts', () => {
  it.each(databases.eachSupportedId())(
    'deletes the scope’s shifts in the range that the upstream no longer reports, keeps everything else, and moves the versions of the entities it changed, on %p',
    async databaseId => {
      const { store, sink, stored, shiftIds } = await setup(databaseId);
      await sink.ingest([
        // Scope ep:P_1: (an underscore: a LIKE would match ep:PX1: too).
        shift('ep:P_1:kept', A, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'),
        shift(
          'ep:P_1:moved',
          B,
          '2026-03-09T00:00:00Z',
          '2026-03-16T00:00:00Z',
        ),
        shift(
          'ep:P_1:running',
          A,
          '2026-02-25T00:00:00Z',
          '2026-03-02T00:00:00Z',
        ),
        shift('ep:P_1:permanent', A, '2026-01-01T00:00:00Z', null),
        // In the scope but before the range: history, not touched.
        shift('ep:P_1:past', A, '2026-02-20T00:00:00Z', '2026-03-01T00:00:00Z'),
        // After the range.
        shift(
          'ep:P_1:later',
          A,
          '2026-03-15T00:00:00Z',
          '2026-03-22T00:00:00Z',
        ),
        // Other scopes: another policy, another case, another source.
        shift(
          'ep:PX1:other',
          C,
          '2026-03-02T00:00:00Z',
          '2026-03-09T00:00:00Z',
        ),
        shift('EP:P_1:case', C, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'),
        shift(
          'ep:P_1:kept',
          C,
          '2026-03-02T00:00:00Z',
          '2026-03-09T00:00:00Z',
          {
            source: 'other',
          },
        ),
      ]);
      const before = await store.versions([A, B, C]);
      stored.length = 0;

      const result = await sink.replaceShifts({
        source: 'pd',
        idPrefix: 'ep:P_1:',
        from: FROM,
        to: TO,
        shifts: [
          shift(
            'ep:P_1:kept',
            A,
            '2026-03-02T00:00:00Z',
            '2026-03-09T00:00:00Z',
          ),
          // The moved shift under its new id (a shift id holds its start).
          shift(
            'ep:P_1:moved-later',
            B,
            '2026-03-10T00:00:00Z',
            '2026-03-16T00:00:00Z',
          ),
        ],
      });

      expect(result).toEqual({
        created: 1,
        updated: 0,
        unchanged: 1,
        deleted: 3,
        unknownEntityRefs: [],
      });
      expect(await shiftIds()).toEqual([
        'EP:P_1:case',
        'ep:PX1:other',
        'ep:P_1:kept',
        'ep:P_1:kept',
        'ep:P_1:later',
        'ep:P_1:moved-later',
        'ep:P_1:past',
      ]);
      const after = await store.versions([A, B, C]);
      // A lost its running and permanent shifts, B its moved one; C kept all.
      expect(after.get(A)).toBeGreaterThan(before.get(A)!);
      expect(after.get(B)).toBeGreaterThan(before.get(B)!);
      expect(after.get(C)).toBe(before.get(C));
      expect(stored).toEqual([[A, B]]);

      // The same replacement again changes nothing.
      expect(
        await sink.replaceShifts({
          source: 'pd',
          idPrefix: 'ep:P_1:',
          from: FROM,
          to: TO,
          shifts: [
            shift(
              'ep:P_1:kept',
              A,
              '2026-03-02T00:00:00Z',
              '2026-03-09T00:00:00Z',
            ),
            shift(
              'ep:P_1:moved-later',
              B,
              '2026-03-10T00:00:00Z',
              '2026-03-16T00:00:00Z',
            ),
          ],
        }),
      ).toMatchObject({ created: 0, updated: 0, unchanged: 2, deleted: 0 });
      expect(await store.versions([A, B, C])).toEqual(after);

      // An empty report empties the scope's range.
      expect(
        await sink.replaceShifts({
          source: 'pd',
          idPrefix: 'ep:P_1:',
          from: FROM,
          to: TO,
          shifts: [],
        }),
      ).toMatchObject({ created: 0, deleted: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a replacement with a shift outside its scope, an invalid shift or an empty range, and changes nothing, on %p',
    async databaseId => {
      const { store, sink, shiftIds } = await setup(databaseId);
      await sink.ingest([
        shift('ep:P1:a', A, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'),
      ]);
      const versions = await store.versions([A]);
      const replace = (
        shifts: DevopsInsightsEventInput[],
        range = { from: FROM, to: TO },
      ) =>
        sink.replaceShifts({
          source: 'pd',
          idPrefix: 'ep:P1:',
          ...range,
          shifts,
        });
      const cases: Array<[() => Promise<unknown>, object]> = [
        [
          () =>
            replace([
              shift(
                'ep:P2:b',
                A,
                '2026-03-02T00:00:00Z',
                '2026-03-09T00:00:00Z',
              ),
            ]),
          { index: 0, path: 'id' },
        ],
        [
          () =>
            replace([
              shift(
                'ep:P1:c',
                A,
                '2026-04-02T00:00:00Z',
                '2026-04-09T00:00:00Z',
              ),
            ]),
          { index: 0, path: 'id' },
        ],
        [
          () =>
            replace([
              shift('ep:P1:d', A, '2026-03-02T00:00:00Z', null, {
                source: 'other',
              }),
            ]),
          { index: 0, path: 'id' },
        ],
        [
          () =>
            replace([
              shift(
                'ep:P1:e',
                A,
                '2026-03-02T00:00:00Z',
                '2026-03-09T00:00:00Z',
              ),
              shift(
                'ep:P1:f',
                A,
                '2026-03-02T00:00:00Z',
                '2026-03-01T00:00:00Z',
              ),
            ]),
          { index: 1, path: 'end' },
        ],
        [() => replace([], { from: TO, to: FROM }), { index: -1, path: 'to' }],
        [
          () => replace([], { from: 'next week', to: TO }),
          { index: -1, path: 'from' },
        ],
      ];
      for (const [attempt, error] of cases) {
        const thrown = await attempt().catch(e => e);
        expect(thrown).toBeInstanceOf(EventBatchValidationError);
        expect((thrown as EventBatchValidationError).errors).toEqual([
          expect.objectContaining(error),
        ]);
      }
      expect(await shiftIds()).toEqual(['ep:P1:a']);
      expect(await store.versions([A])).toEqual(versions);
    },
  );
});
