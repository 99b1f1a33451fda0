import { z } from 'zod';

/** A field of an event schema holding a value (not an object or array). */
export type SchemaField = {
  /** As the events API names it in errors, e.g. `changes.0.id`. */
  path: string;
  keys: Array<string | number>;
  schema: z.core.$ZodType;
};

/** The schema a value is checked against, through optional, default, transforms. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as any;
    if (['optional', 'nullable', 'default', 'prefault'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else {
      return current;
    }
  }
}

/**
 * Walks an object schema and an example value together: every field the
 * schema declares must be in the example (reported in `missing`), arrays are
 * followed into their first element.
 */
export function schemaFields(
  schema: z.core.$ZodType,
  example: unknown,
  keys: Array<string | number> = [],
): { fields: SchemaField[]; missing: string[] } {
  const inner = unwrap(schema);
  const def = inner._zod.def as any;
  const here = keys.join('.');
  if (def.type === 'object') {
    const fields: SchemaField[] = [];
    const missing: string[] = [];
    const value = (example ?? {}) as Record<string, unknown>;
    for (const [key, child] of Object.entries(
      def.shape as Record<string, z.core.$ZodType>,
    )) {
      if (!(key in value)) missing.push([...keys, key].join('.'));
      const found = schemaFields(child, value[key], [...keys, key]);
      fields.push(...found.fields);
      missing.push(...found.missing);
    }
    return { fields, missing };
  }
  if (def.type === 'array') {
    if (!Array.isArray(example) || example.length === 0) {
      return { fields: [], missing: [`${here}.0`] };
    }
    return schemaFields(def.element, example[0], [...keys, 0]);
  }
  return { fields: [{ path: here, keys, schema: inner }], missing: [] };
}

/** A copy of `value` with the field at `keys` replaced. */
export function withField(
  value: unknown,
  keys: Array<string | number>,
  replacement: unknown,
): any {
  if (keys.length === 0) return replacement;
  const [head, ...rest] = keys;
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

/** The value at `keys`. */
export function fieldOf(value: unknown, keys: Array<string | number>): any {
  return keys.reduce<any>((v, k) => v?.[k], value);
}
