import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { devopsInsightsEventSchema } from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';
import { eventTables, fullEvents } from '../__testUtils__/fullEvents';
import {
  fieldOf,
  SchemaField,
  schemaFields,
  withField,
} from '../__testUtils__/schemaFields';

jest.setTimeout(120_000);

/**
 * The events API must refuse with a 400 whatever a database column cannot
 * hold, instead of a 500 from PostgreSQL (22001 value too long, 22003 out of
 * range, 22P05/22P02 NUL or unpaired surrogates). The schemas and the
 * migrations are read as they are, so a new field or column is covered too.
 */
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const service = mockCredentials.service.header();
const INTEGER_MAX = 2 ** 31 - 1;

const options = devopsInsightsEventSchema.options;
const fieldsByType = options.map(option => {
  const type = option.shape.type.value as string;
  return { type, ...schemaFields(option, fullEvents[type]) };
});

type ColumnLimit = { maxLength?: number; integer?: boolean };

async function columnLimits(knex: Knex) {
  const limits = new Map<string, Map<string, ColumnLimit>>();
  for (const table of eventTables) {
    const info = await knex(table).columnInfo();
    limits.set(
      table,
      new Map(
        Object.entries(info).map(([column, c]) => [
          column,
          {
            maxLength: c.maxLength ? Number(c.maxLength) : undefined,
            integer: c.type === 'integer',
          },
        ]),
      ),
    );
  }
  return limits;
}

/** Every stored value that would not fit its column on PostgreSQL. */
async function overflows(
  knex: Knex,
  limits: Map<string, Map<string, ColumnLimit>>,
) {
  const found: string[] = [];
  for (const [table, columns] of limits) {
    for (const row of await knex(table).select()) {
      for (const [column, limit] of columns) {
        const value = row[column];
        // PostgreSQL counts characters (code points), not UTF-16 units.
        if (
          typeof value === 'string' &&
          limit.maxLength &&
          [...value].length > limit.maxLength
        ) {
          found.push(`${table}.${column}: ${[...value].length} characters`);
        }
        if (limit.integer && Math.abs(Number(value)) > INTEGER_MAX) {
          found.push(`${table}.${column}: ${value}`);
        }
      }
    }
  }
  return found;
}

/** The longest or largest value the schema lets through, if it bounds one. */
function extremes(field: SchemaField): unknown[] | 'unbounded' | undefined {
  const schema = field.schema as {
    maxLength?: number | null;
    maxValue?: number | null;
    format?: string | null;
  };
  const type = (field.schema._zod.def as { type: string }).type;
  // Formats other than a pattern (date-times) bound their own length.
  if (type === 'string' && (!schema.format || schema.format === 'regex')) {
    if (!schema.maxLength) return 'unbounded';
    // 'İ' lower-cases to two UTF-16 units: refs grow when normalised.
    return ['x'.repeat(schema.maxLength), 'İ'.repeat(schema.maxLength)];
  }
  if (type === 'number') {
    if (!Number.isFinite(schema.maxValue ?? Infinity)) return 'unbounded';
    return [schema.maxValue];
  }
  return undefined;
}

describe('column limits', () => {
  it('has an example of every field of every event schema', () => {
    for (const { type, missing } of fieldsByType) {
      expect({ type, missing }).toEqual({ type, missing: [] });
    }
  });

  it('bounds every string and number field of the event schemas', () => {
    const unbounded = fieldsByType.flatMap(({ type, fields }) =>
      fields
        .filter(field => extremes(field) === 'unbounded')
        .map(field => `${type}.${field.path}`),
    );
    expect(unbounded).toEqual([]);
  });

  it.each(databases.eachSupportedId())(
    'answers 400 naming the field, or stores what fits its column, for the extremes of every field, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await startPluginBackend({
        features: [mockServices.database.factory({ knex })],
      });
      const limits = await columnLimits(knex);

      const post = (event: unknown) =>
        request(server)
          .post('/api/devops-insights/v1/events')
          .set('Authorization', service)
          .send({ events: [fullEvents.incident, event] });

      for (const { type, fields } of fieldsByType) {
        expect((await post(fullEvents[type])).status).toBe(200);
        for (const field of fields) {
          const values = extremes(field);
          if (!Array.isArray(values)) continue;
          for (const value of values) {
            const res = await post(
              withField(fullEvents[type], field.keys, value),
            );
            const outcome = { field: `${type}.${field.path}`, value };
            // Refused naming exactly this field, or stored within the columns.
            const verdict =
              res.status === 400
                ? {
                    refused: [
                      ...new Set(
                        res.body.errors.map(
                          (e: { index: number; path: string }) =>
                            `${e.index} ${e.path}`,
                        ),
                      ),
                    ],
                  }
                : {
                    status: res.status,
                    overflows: await overflows(knex, limits),
                  };
            expect({ ...outcome, verdict }).toEqual({
              ...outcome,
              verdict:
                res.status === 400
                  ? { refused: [`1 ${field.path}`] }
                  : { status: 200, overflows: [] },
            });
          }
        }
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'answers 400 naming the field for NUL and unpaired surrogates in every text field, storing nothing, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await startPluginBackend({
        features: [mockServices.database.factory({ knex })],
      });

      for (const { type, fields } of fieldsByType) {
        for (const field of fields) {
          if ((field.schema._zod.def as any).type !== 'string') continue;
          const base = String(fieldOf(fullEvents[type], field.keys));
          for (const bad of ['\u0000', '\ud800', '\udfff']) {
            const res = await request(server)
              .post('/api/devops-insights/v1/events')
              .set('Authorization', service)
              .send({
                events: [
                  fullEvents.incident,
                  withField(fullEvents[type], field.keys, `${base}${bad}`),
                ],
              });
            const outcome = { field: `${type}.${field.path}`, bad };
            expect({
              ...outcome,
              status: res.status,
              errors: res.body.errors,
            }).toEqual({
              ...outcome,
              status: 400,
              errors: expect.arrayContaining([
                expect.objectContaining({ index: 1, path: field.path }),
              ]),
            });
          }
        }
      }
      for (const table of eventTables) {
        expect(await knex(table).count({ n: '*' })).toEqual([
          { n: expect.anything() },
        ]);
        const [{ n }] = await knex(table).count({ n: '*' });
        expect({ table, rows: Number(n) }).toEqual({ table, rows: 0 });
      }
    },
  );
});
