import { EventValidationError } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsShiftReplacement } from '../sources';

/**
 * The part of a shift that decides whether a replacement's scope holds it.
 *
 * @public
 */
export type ShiftInScope = {
  source: string;
  id: string;
  start: string | number;
  end?: string | number | null;
};

const ms = (value: string | number) =>
  typeof value === 'number' ? value : Date.parse(value);

/**
 * Whether a shift belongs to the replacement's scope: same source, id under
 * the prefix, and overlapping [from, to) (a shift without end never ends).
 * @public
 */
export function isInShiftScope(
  scope: Omit<DevopsInsightsShiftReplacement, 'shifts'>,
  shift: ShiftInScope,
): boolean {
  return (
    shift.source === scope.source &&
    shift.id.startsWith(scope.idPrefix) &&
    ms(shift.start) < ms(scope.to) &&
    (shift.end === null ||
      shift.end === undefined ||
      ms(shift.end) > ms(scope.from))
  );
}

/**
 * What makes a replacement invalid beyond the event schemas: its range and
 * prefix, and shifts outside its scope. `index` -1 names the replacement
 * itself; the sinks answer these as they answer invalid events.
 * @public
 */
export function shiftReplacementErrors(
  replacement: DevopsInsightsShiftReplacement,
): EventValidationError[] {
  const errors: EventValidationError[] = [];
  const { idPrefix, from, to, shifts } = replacement;
  const scopeError = (path: string, message: string) =>
    errors.push({ index: -1, path, message });
  if (typeof idPrefix !== 'string' || !idPrefix.length || idPrefix.length > 200)
    scopeError('idPrefix', 'must be 1–200 characters');
  const range = [from, to].map(ms);
  if (!range.every(Number.isFinite))
    scopeError('from', 'from and to must be ISO-8601 date-times');
  else if (range[0] >= range[1]) scopeError('to', 'must be after from');
  if (errors.length) return errors;
  shifts.forEach((raw, index) => {
    const shift = raw as Partial<ShiftInScope> & { type?: string };
    if (shift?.type !== 'oncall-shift') {
      errors.push({ index, path: 'type', message: 'must be oncall-shift' });
    } else if (
      typeof shift.id !== 'string' ||
      typeof shift.start !== 'string' ||
      !isInShiftScope(replacement, shift as ShiftInScope)
    ) {
      errors.push({
        index,
        path: 'id',
        message: `must be a shift of ${replacement.source} with an id starting with ${idPrefix}, overlapping [${from}, ${to})`,
      });
    }
  });
  return errors;
}
