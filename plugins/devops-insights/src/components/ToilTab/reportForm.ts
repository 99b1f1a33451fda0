import { ResponseError } from '@backstage/errors';
import { serverMessage } from '../shared/ErrorPanel';

export type ReportField = 'week' | 'hours' | 'category' | 'description';

const FIELDS: ReportField[] = ['week', 'hours', 'category', 'description'];

/** Suggestions for the category; any other text is accepted too. */
export const TOIL_CATEGORIES = [
  'Manual deployment',
  'Access requests',
  'Data fixes',
  'Flaky tests and builds',
  'Alert noise',
  'Quota and capacity requests',
  'Certificate and secret rotation',
  'Dependency upgrades',
];

export type ReportValues = {
  week: string;
  hours: string;
  category: string;
  description: string;
};

export type ReportErrors = {
  /** Above the form: the server's message, or what no field explains. */
  summary?: string;
  fields: Partial<Record<ReportField, string>>;
};

/**
 * The same limits as the backend's toil-report schema, checked before
 * sending so that the common mistakes need no round trip.
 */
export function validateReport(values: ReportValues): ReportErrors['fields'] {
  const fields: ReportErrors['fields'] = {};
  const hours = Number(values.hours);
  if (values.hours.trim() === '' || !Number.isFinite(hours) || hours <= 0) {
    fields.hours = 'Enter the hours spent, more than 0';
  } else if (hours > 168) {
    fields.hours = 'A week has 168 hours';
  }
  const category = values.category.trim();
  if (!category) fields.category = 'Pick or type a category';
  else if (category.length > 100) fields.category = 'At most 100 characters';
  if (values.description.length > 2000) {
    fields.description = 'At most 2000 characters';
  }
  return fields;
}

/**
 * The server's reasons for rejecting a report, on the fields they name
 * (`path` "hours", or a longer path ending in it), the rest in the summary.
 */
export function reportErrorsOf(error: Error): ReportErrors {
  if (error instanceof ResponseError && error.statusCode === 403) {
    return {
      summary: `You are not allowed to report toil (permission devops-insights.toil.report): ${serverMessage(
        error,
      )}`,
      fields: {},
    };
  }
  const body =
    error instanceof ResponseError
      ? (error.body as { errors?: unknown })
      : undefined;
  const list = Array.isArray(body?.errors)
    ? (body!.errors as Array<{ path?: unknown; message?: unknown }>)
    : [];
  const fields: ReportErrors['fields'] = {};
  const unplaced: string[] = [];
  for (const item of list) {
    const path = typeof item.path === 'string' ? item.path : '';
    const message = String(item.message ?? 'is invalid');
    const field = FIELDS.find(f => path === f || path.endsWith(`.${f}`));
    if (field) {
      fields[field] = fields[field] ? `${fields[field]}; ${message}` : message;
    } else {
      unplaced.push(path ? `${path}: ${message}` : message);
    }
  }
  const message = serverMessage(error);
  return {
    summary: unplaced.length ? `${message} (${unplaced.join('; ')})` : message,
    fields,
  };
}
