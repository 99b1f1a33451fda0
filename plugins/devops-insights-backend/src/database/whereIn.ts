import { Knex } from 'knex';

/**
 * Rows whose `column` is one of `values`, in one bound parameter whatever
 * their number (a team's scope can hold thousands of entities): an array on
 * PostgreSQL, JSON that `json_each` expands on SQLite. One statement instead
 * of one per few hundred values, each a round trip.
 */
export function whereIn(
  query: Knex.QueryBuilder,
  column: string,
  values: string[],
  postgres: boolean,
): Knex.QueryBuilder {
  return postgres
    ? query.whereRaw(`${column} = any(?)`, [values])
    : query.whereRaw(`${column} in (select value from json_each(?))`, [
        JSON.stringify(values),
      ]);
}
