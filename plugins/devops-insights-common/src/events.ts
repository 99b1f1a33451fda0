import { z } from 'zod';
import { isoWeekMonday } from './metrics/weeks';

/**
 * Event schemas of the v1 events API. Every source (CI, PagerDuty, the demo,
 * hand-written curl) ends up validated by these, so they are the contract.
 */

// Already in the form toISOString gives (what most senders send): returned
// as is, since parsing and formatting it again yields the same string.
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Kept to four-digit UTC years: an offset can push `9999-12-31T23:00-02:00`
// into year 10000, whose ISO form (`+010000-…`) no longer sorts as text.
const isoDateTime = z.iso
  .datetime({ offset: true })
  .transform(value =>
    CANONICAL_UTC.test(value) ? value : new Date(value).toISOString(),
  )
  .refine(value => CANONICAL_UTC.test(value), {
    message: 'must fall between the years 0000 and 9999 in UTC',
  });

/** Compares two event timestamps as instants, never as text. */
const isBefore = (a: string, b: string) => Date.parse(a) < Date.parse(b);

// PostgreSQL stores neither NUL (22P05) nor unpaired UTF-16 surrogates (22P02)
// in text or json; in `u` mode \p{Cs} matches only unpaired surrogates.
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const UNSTORABLE_CHARACTER = /[\u0000\p{Cs}]/u;

/**
 * A string every supported database can store: no NUL characters and no
 * unpaired UTF-16 surrogates. Every free-text field of the events API uses it.
 * @public
 */
export const storableString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine(value => !UNSTORABLE_CHARACTER.test(value), {
    message: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  });

/**
 * Longest entity or user ref, in its stored form (`kind:namespace/name`,
 * lower-cased), which is what the database column holds.
 * @public
 */
export const MAX_ENTITY_REF_LENGTH = 400;

/** Largest value of a 32-bit integer column (PostgreSQL `integer`). @public */
export const MAX_INTEGER_COLUMN_VALUE = 2 ** 31 - 1;

const sourceName = z
  .string()
  .max(40)
  .regex(/^[a-z0-9-]{1,40}$/, 'must match [a-z0-9-]{1,40}');

const externalId = storableString().min(1).max(200);

/** Identifies an event of another type by its source and id. */
const eventReference = z.strictObject({ source: sourceName, id: externalId });

const eventBase = {
  source: sourceName,
  id: externalId,
  entityRef: storableString().min(1).max(MAX_ENTITY_REF_LENGTH),
  // The source's own time of the state the event describes (e.g. a status's
  // updated_at): a stored row is never replaced by an event strictly older
  // than it, so late or reordered deliveries cannot undo newer state.
  updatedAt: isoDateTime.optional(),
};

const changeSchema = z.strictObject({
  id: externalId,
  authoredAt: isoDateTime,
  pullRequestOpenedAt: isoDateTime.optional(),
  mergedAt: isoDateTime.optional(),
  url: storableString().max(2000).optional(),
});

/** @public */
export const deploymentEventSchema = z
  .strictObject({
    type: z.literal('deployment'),
    ...eventBase,
    environment: storableString().min(1).max(200),
    production: z.boolean().optional(),
    status: z.enum(['success', 'failure', 'cancelled', 'in_progress']),
    startedAt: isoDateTime.optional(),
    finishedAt: isoDateTime.optional(),
    commitSha: storableString().max(200).optional(),
    url: storableString().max(2000).optional(),
    trigger: z.enum(['automatic', 'manual']).optional(),
    changes: z.array(changeSchema).max(10000).optional(),
    remediates: z
      .strictObject({
        deployment: eventReference.optional(),
        incidentId: externalId.optional(),
      })
      .refine(r => r.deployment || r.incidentId, {
        message: 'remediates needs a deployment or an incidentId',
      })
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.status !== 'in_progress' && !event.finishedAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'finishedAt is required unless status is in_progress',
      });
    }
    if (
      event.startedAt &&
      event.finishedAt &&
      isBefore(event.finishedAt, event.startedAt)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'finishedAt must not be before startedAt',
      });
    }
    const seen = new Set<string>();
    event.changes?.forEach((change, index) => {
      if (seen.has(change.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['changes', index, 'id'],
          message: `duplicate change id ${change.id}`,
        });
      }
      seen.add(change.id);
    });
  });

/** @public */
export const incidentEventSchema = z
  .strictObject({
    type: z.literal('incident'),
    ...eventBase,
    title: storableString().max(1000).optional(),
    urgency: z.enum(['high', 'low']).default('high'),
    createdAt: isoDateTime,
    acknowledgedAt: isoDateTime.optional(),
    resolvedAt: isoDateTime.optional(),
    causedBy: eventReference.optional(),
    changeRelated: z.boolean().optional(),
    autoResolved: z.boolean().optional(),
    dedupKey: storableString().min(1).max(500).optional(),
    url: storableString().max(2000).optional(),
    postmortemUrl: storableString().max(2000).optional(),
  })
  .superRefine((event, ctx) => {
    for (const field of ['acknowledgedAt', 'resolvedAt'] as const) {
      const value = event[field];
      if (value && isBefore(value, event.createdAt)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} must not be before createdAt`,
        });
      }
    }
  });

const userRef = storableString().min(1).max(MAX_ENTITY_REF_LENGTH);

function isIanaTimeZone(zone: string): boolean {
  try {
    return Boolean(
      new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
        .timeZone,
    );
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Europe/Berlin`. @public */
export const timeZoneSchema = storableString().max(100).refine(isIanaTimeZone, {
  message: 'must be an IANA time zone, e.g. Europe/Berlin',
});

/** One notification sent to a person. Email is recorded but is no interruption. @public */
export const pageEventSchema = z.strictObject({
  type: z.literal('page'),
  ...eventBase,
  userRef,
  notifiedAt: isoDateTime,
  channel: z.enum(['phone', 'sms', 'push', 'email', 'other']),
  incidentId: externalId.optional(),
  timeZone: timeZoneSchema.optional(),
});

/** A person on call at an escalation level; no `end` (or null) is a permanent shift. @public */
export const oncallShiftEventSchema = z
  .strictObject({
    type: z.literal('oncall-shift'),
    ...eventBase,
    userRef,
    start: isoDateTime,
    end: isoDateTime.nullable().optional(),
    level: z.number().int().min(1).max(100),
    scheduleName: storableString().max(400).optional(),
    scheduleUrl: storableString().max(2000).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.end && !isBefore(event.start, event.end)) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'end must be after start',
      });
    }
  });

/** A CI pipeline or workflow run. @public */
export const ciRunEventSchema = z
  .strictObject({
    type: z.literal('ci-run'),
    ...eventBase,
    name: storableString().min(1).max(400),
    attempt: z.number().int().min(1).max(MAX_INTEGER_COLUMN_VALUE),
    trigger: z.enum(['automatic', 'manual']),
    status: z.enum(['success', 'failure', 'cancelled', 'in_progress']),
    startedAt: isoDateTime,
    finishedAt: isoDateTime.optional(),
    url: storableString().max(2000).optional(),
  })
  .superRefine((event, ctx) => {
    if (event.status !== 'in_progress' && !event.finishedAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'finishedAt is required unless status is in_progress',
      });
    }
    if (event.finishedAt && isBefore(event.finishedAt, event.startedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['finishedAt'],
        message: 'finishedAt must not be before startedAt',
      });
    }
  });

/** ISO week such as `2026-W06`; week 53 only in years that have one. @public */
export const isoWeekSchema = z
  .string()
  .max(8)
  .regex(/^\d{4}-W\d{2}$/, 'must be an ISO week such as 2026-W06')
  .refine(week => isoWeekMonday(week) !== null, {
    message: 'no such ISO week',
  });

/** Self-reported toil, as the SRE workbook's survey collects it. @public */
export const toilReportEventSchema = z.strictObject({
  type: z.literal('toil-report'),
  ...eventBase,
  userRef: userRef.optional(),
  hours: z.number().positive().max(168),
  category: storableString().min(1).max(100),
  description: storableString().max(2000).optional(),
  week: isoWeekSchema,
});

/** @public */
export const devopsInsightsEventSchema = z.discriminatedUnion('type', [
  deploymentEventSchema,
  incidentEventSchema,
  pageEventSchema,
  oncallShiftEventSchema,
  ciRunEventSchema,
  toilReportEventSchema,
]);

/** Largest number of events one request may carry. @public */
export const MAX_EVENTS_PER_REQUEST = 5000;

/** @public */
export const eventsRequestSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST),
});

/** A validated, normalised event (timestamps in UTC ISO-8601). @public */
export type DevopsInsightsEvent = z.output<typeof devopsInsightsEventSchema>;
/** @public */
export type DeploymentEvent = z.output<typeof deploymentEventSchema>;
/** @public */
export type IncidentEvent = z.output<typeof incidentEventSchema>;
/** @public */
export type PageEvent = z.output<typeof pageEventSchema>;
/** @public */
export type OncallShiftEvent = z.output<typeof oncallShiftEventSchema>;
/** @public */
export type CiRunEvent = z.output<typeof ciRunEventSchema>;
/** @public */
export type ToilReportEvent = z.output<typeof toilReportEventSchema>;
/** What a client sends (urgency may be omitted). @public */
export type DevopsInsightsEventInput = z.input<
  typeof devopsInsightsEventSchema
>;

/** @public */
export type EventValidationError = {
  index: number;
  path: string;
  message: string;
};

/**
 * Validates a batch all-or-nothing: either every event parses, or the list of
 * errors names each failing event by index and field path.
 * @public
 */
export function parseEvents(
  events: unknown[],
):
  | { ok: true; events: DevopsInsightsEvent[] }
  | { ok: false; errors: EventValidationError[] } {
  const parsed: DevopsInsightsEvent[] = [];
  const errors: EventValidationError[] = [];
  events.forEach((raw, index) => {
    const result = devopsInsightsEventSchema.safeParse(raw);
    if (result.success) {
      parsed.push(result.data);
    } else {
      for (const issue of result.error.issues) {
        errors.push({
          index,
          path: issue.path.map(String).join('.'),
          message: issue.message,
        });
      }
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, events: parsed };
}
