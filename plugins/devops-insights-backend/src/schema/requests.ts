import { storableString } from '@devops-insights/backstage-plugin-common';
import { z } from 'zod';
import { DEPLOYMENT_LIST, INCIDENT_LIST, ListSpec } from '../service/listPage';
import { PresetId, presets } from '../webhooks/presets';

/*
 * The query strings and bodies the router validates. The OpenAPI description
 * (openapi.yaml, written by `yarn openapi`) is generated from these, so the
 * two cannot disagree.
 */

const windowBounds = {
  from: z
    .string()
    .optional()
    .describe(
      'Start of the window, ISO-8601 (default: 30 days before `to`); see docs/metrics.md',
    ),
  to: z
    .string()
    .optional()
    .describe('End of the window, ISO-8601 (default: now)'),
};

export const metricsQuery = z.object({
  entityRef: storableString({ error: "'entityRef' is required" })
    .min(1)
    .describe(
      'Catalog entity ref; short forms take kind `component` and namespace `default`',
    ),
  ...windowBounds,
});

export const pageQuery = metricsQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(['asc', 'desc']).optional(),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('Case-insensitive text the listed rows must contain'),
});

/** A list's page query: `sort` names one of the list's sortable fields. */
const listQuery = (spec: ListSpec<any>) =>
  pageQuery.extend({
    sort: z.enum(Object.keys(spec.sortBy) as [string, ...string[]]).optional(),
  });

export const deploymentsQuery = listQuery(DEPLOYMENT_LIST).extend({
  // Only the change failures: the rows behind the change failure rate.
  failed: z
    .literal('true', { error: "'failed' can only be 'true'" })
    .transform(() => true as const)
    .optional(),
});

/** Which tab's per-entity rows a breakdown answers. */
export const breakdownQuery = metricsQuery.extend({
  tab: z.enum(['dora', 'toil', 'oncall'], {
    error: "'tab' must be dora, toil or oncall",
  }),
});

export const rollupQuery = z.object({
  groupRef: storableString()
    .min(1)
    .optional()
    .describe('The group whose descendants are listed (default: all teams)'),
  ...windowBounds,
});

export const incidentsQuery = listQuery(INCIDENT_LIST).extend({
  urgency: z.enum(['high', 'low']).optional(),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
});

/** What the Toil tab's form sends; the rest of the event is the server's. */
export const toilReportBody = z.strictObject({
  entityRef: z.string().min(1),
  week: z.string(),
  hours: z.number(),
  category: z.string(),
  description: z.string().optional(),
});

/**
 * `POST /v1/webhook-mappings/dry-run`: a sample payload and exactly one of
 * a configured webhook's mapping, a preset or a mapping of one's own.
 */
export const webhookDryRunBody = z
  .strictObject({
    payload: z.unknown(),
    webhook: z.string().min(1).max(100).optional(),
    preset: z
      .enum(Object.keys(presets) as [PresetId, ...PresetId[]])
      .optional(),
    mapping: z.string().min(1).max(100_000).optional(),
    entityRef: z.string().min(1).max(10_000).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine(
    body =>
      [body.webhook, body.preset, body.mapping].filter(v => v !== undefined)
        .length === 1,
    { message: 'give exactly one of webhook, preset or mapping' },
  )
  .refine(body => !body.webhook || (!body.options && !body.entityRef), {
    message: "a configured webhook's options and entityRef are its own",
  });
