import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { MAX_ENTITY_REF_LENGTH } from '@devops-insights/backstage-plugin-common';

/**
 * Full, lower-cased form of an entity ref: short forms take kind `component`
 * (or `user` for people) and namespace `default`. The catalog compares refs case-insensitively, so
 * stored refs are lower-cased to match them by plain equality. A full form
 * longer than the column holds is an InputError.
 */
export function normalizeEntityRef(
  ref: string,
  defaultKind: 'component' | 'user' = 'component',
): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid entity ref '${ref}': ${(error as Error).message}`,
    );
  }
  const normalized = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  // The limit is the column's: `component:default/` and lower-casing (which
  // can lengthen a string) both happen after the schema counted characters.
  if (normalized.length > MAX_ENTITY_REF_LENGTH) {
    throw new InputError(
      `Entity ref is ${
        normalized.length
      } characters long in its full form '${normalized.slice(
        0,
        40,
      )}…'; at most ${MAX_ENTITY_REF_LENGTH} are allowed`,
    );
  }
  return normalized;
}
