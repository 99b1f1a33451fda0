import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * Full, lower-cased form of an entity ref: short forms take kind `component`
 * (or `user` for people) and namespace `default`. The catalog compares refs case-insensitively, so
 * stored refs are lower-cased to match them by plain equality.
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
  return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
}
