/**
 * Builds the OpenAPI description of the plugin's HTTP API from the code that
 * serves it: request schemas from the zod schemas the router validates with
 * (plugins/devops-insights-backend/src/schema/requests.ts and the event
 * schemas of -common), response schemas from the TypeScript response types
 * of -common (src/api.ts). Only the route table below and the error bodies
 * are written by hand; the contract test of the backend checks both against
 * the running router.
 */
import {
  ciRunEventSchema,
  deploymentEventSchema,
  devopsInsightsEventSchema,
  eventsRequestSchema,
  incidentEventSchema,
  MAX_EVENTS_PER_REQUEST,
  oncallShiftEventSchema,
  pageEventSchema,
  toilReportEventSchema,
} from '@devops-insights/backstage-plugin-common';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { z } from 'zod';
import {
  breakdownQuery,
  deploymentsQuery,
  incidentsQuery,
  metricsQuery,
  pageQuery,
  rollupQuery,
  toilReportBody,
  webhookDryRunBody,
} from '../../plugins/devops-insights-backend/src/schema/requests';

type JsonSchema = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The request schemas, named as components. */
function requestSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  registry.add(devopsInsightsEventSchema, { id: 'Event' });
  registry.add(deploymentEventSchema, { id: 'DeploymentEvent' });
  registry.add(incidentEventSchema, { id: 'IncidentEvent' });
  registry.add(pageEventSchema, { id: 'PageEvent' });
  registry.add(oncallShiftEventSchema, { id: 'OncallShiftEvent' });
  registry.add(ciRunEventSchema, { id: 'CiRunEvent' });
  registry.add(toilReportEventSchema, { id: 'ToilReportEvent' });
  registry.add(eventsRequestSchema, { id: 'EventsRequest' });
  registry.add(toilReportBody, { id: 'ToilReportRequest' });
  registry.add(webhookDryRunBody, { id: 'WebhookDryRunRequest' });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: id => `#/components/schemas/${id}`,
    override: ctx => {
      // The router takes the events as unknown, to name every invalid one
      // by index; what it accepts is the event union.
      if (ctx.zodSchema === eventsRequestSchema.shape.events.element) {
        Object.assign(ctx.jsonSchema, ref('Event'));
      }
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, tidy(schema)]),
  );
}

/**
 * Drops what is noise in a description: `$schema`/`$id` of each component,
 * and zod's long date-time regex next to `format: date-time`.
 */
function tidy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(tidy) as T;
  if (!value || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'pattern' && (value as JsonSchema).format === 'date-time') {
      continue;
    }
    out[key] = tidy(inner);
  }
  return out as T;
}

/** The response types of -common's api.ts, as JSON schemas. */
function responseSchemas(): Record<string, JsonSchema> {
  const schema = createGenerator({
    path: join(ROOT, 'plugins/devops-insights-common/src/api.ts'),
    type: '*',
    expose: 'export',
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  }).createSchema('*');
  const definitions = schema.definitions as Record<string, JsonSchema>;
  // Generic instances (`Page<DeploymentListItem>`) are no valid component
  // names: each alias of one (`DeploymentPage`) takes its definition.
  const generic = (name: string) => name.includes('<');
  for (const [name, definition] of Object.entries(definitions)) {
    const target = decodeURIComponent(
      String(definition.$ref ?? '').replace('#/definitions/', ''),
    );
    if (generic(target)) {
      const { $ref, ...rest } = definition;
      definitions[name] = { ...definitions[target], ...rest };
    }
  }
  const text = JSON.stringify(
    Object.fromEntries(
      Object.entries(definitions).filter(([name]) => !generic(name)),
    ),
  ).replaceAll('#/definitions/', '#/components/schemas/');
  if (text.includes('%3C')) {
    throw new Error('A generic type is referenced without an alias in api.ts');
  }
  return JSON.parse(text);
}

/** Bodies of error answers, as @backstage/errors' error handler sends them. */
const errorSchemas: Record<string, JsonSchema> = {
  ErrorResponse: {
    type: 'object',
    description:
      "Backstage's error body (ErrorResponseBody of @backstage/errors).",
    properties: {
      error: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['name', 'message'],
      },
      request: {
        type: 'object',
        properties: { method: { type: 'string' }, url: { type: 'string' } },
      },
      response: {
        type: 'object',
        properties: { statusCode: { type: 'integer' } },
        required: ['statusCode'],
      },
    },
    required: ['error', 'response'],
  },
  EventValidationErrorResponse: {
    description:
      'A 400 naming each invalid event (or toil report field) by its index in the batch, field path and problem. Nothing of the batch is stored.',
    allOf: [
      ref('ErrorResponse'),
      {
        type: 'object',
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                index: { type: 'integer', minimum: 0 },
                path: {
                  type: 'string',
                  description: 'Dot-separated field path, e.g. changes.0.id',
                },
                message: { type: 'string' },
              },
              required: ['index', 'path', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['errors'],
      },
    ],
  },
  WebhookResponse: {
    type: 'object',
    description:
      "The source handler's answer: counts of what a delivery stored (`ingested`, `created`, `updated`, `unchanged`), `duplicate: true` for a delivery seen before, `ignored` for an event the source does not use, or `error`.",
    additionalProperties: true,
  },
};

/** Query parameters from a zod object schema. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = tidy(z.toJSONSchema(schema, { io: 'input' })) as JsonSchema;
  const required: string[] = json.required ?? [];
  return Object.entries(json.properties as Record<string, JsonSchema>).map(
    ([name, { description, ...property }]) => ({
      name,
      in: 'query',
      required: required.includes(name),
      ...(description ? { description } : {}),
      schema: property,
    }),
  );
}

const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('ErrorResponse'), description);

const READ = 'devops-insights.metrics.read';
const ENTITY_READ = `${READ}, and devops-insights.entity.read on the entity`;

const readErrors = {
  '400': error('An invalid query parameter, named in the message.'),
  '401': error('No or invalid credentials.'),
  '403': error('A missing permission, named in the message.'),
  '404': error('No such entity, or one the caller may not see.'),
};

/** One GET of an entity's figures or rows. */
const entityRead = (
  operationId: string,
  summary: string,
  query: z.ZodObject,
  response: string,
  description = '',
) => ({
  get: {
    operationId,
    summary,
    description:
      `${description}Users and services; needs ${ENTITY_READ}.`.trim(),
    parameters: queryParameters(query),
    responses: { '200': json(ref(response), summary), ...readErrors },
  },
});

/** The routes, under the plugin's base path `/api/devops-insights`. */
function paths() {
  return {
    '/v1/events': {
      post: {
        operationId: 'postEvents',
        summary:
          'Send events (deployments, incidents, pages, on-call shifts, CI runs, toil reports).',
        description:
          'Services only (a static token or a plugin token) with devops-insights.events.create, checked before the body is read. The batch is validated all-or-nothing and stored idempotently by (type, source, id). See docs/events-api.md.',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('EventsRequest') } },
        },
        responses: {
          '200': json(ref('EventsResponse'), 'What the batch stored.'),
          '400': json(
            {
              anyOf: [
                ref('EventValidationErrorResponse'),
                ref('ErrorResponse'),
              ],
            },
            `Invalid events, each named by index, path and message; or a body that is not { "events": [...] } with 1 to ${MAX_EVENTS_PER_REQUEST} events.`,
          ),
          '401': error('No or invalid credentials.'),
          '403': error('User credentials, or a missing permission.'),
          '413': error('A body over 20 MB.'),
        },
      },
    },
    '/v1/dora': entityRead(
      'getDora',
      "The entity's DORA figures and their weeks.",
      metricsQuery,
      'DoraResponse',
    ),
    '/v1/deployments': entityRead(
      'getDeployments',
      'A page of the deployments behind the DORA figures.',
      deploymentsQuery,
      'DeploymentPage',
    ),
    '/v1/incidents': entityRead(
      'getIncidents',
      'A page of the incidents behind the DORA and on-call figures.',
      incidentsQuery,
      'IncidentPage',
    ),
    '/v1/toil': entityRead(
      'getToil',
      "The entity's toil signals, hours and share of capacity.",
      metricsQuery,
      'ToilResponse',
    ),
    '/v1/oncall': entityRead(
      'getOnCall',
      "The entity's on-call figures, who is on call and the responders' load.",
      metricsQuery,
      'OnCallResponse',
      '`responders` is empty and `respondersWithheld` true without devops-insights.oncall.responders.read on the entity. ',
    ),
    '/v1/breakdown': entityRead(
      'getBreakdown',
      "One row per entity a Group, System or Domain pools, with one tab's figures and each entity's coverage.",
      breakdownQuery,
      'BreakdownResponse',
    ),
    '/v1/coverage': entityRead(
      'getCoverage',
      'Which sources feed the entity (or each entity it pools), when each last sent an event, and what is missing.',
      metricsQuery,
      'CoverageResponse',
    ),
    '/v1/coverage/teams': {
      get: {
        operationId: 'getTeamsCoverage',
        summary:
          'Coverage ratios of every team the rollup lists, or of one group and its descendants.',
        description: `Users and services; needs ${READ}.`,
        parameters: queryParameters(rollupQuery),
        responses: {
          '200': json(ref('TeamsCoverageResponse'), 'Coverage per team.'),
          ...readErrors,
        },
      },
    },
    '/v1/rollup': {
      get: {
        operationId: 'getRollup',
        summary:
          'The leadership rollup: every team, or one group and its descendants.',
        description: `Users and services; needs ${READ}. Sent gzip-compressed when the client accepts it.`,
        parameters: queryParameters(rollupQuery),
        responses: {
          '200': json(ref('RollupResponse'), 'The rollup.'),
          ...readErrors,
        },
      },
    },
    '/v1/sources': {
      get: {
        operationId: 'getSources',
        summary: 'Sync health of every installed source and target.',
        description: `Users and services; needs ${READ}.`,
        responses: {
          '200': json(ref('SourcesResponse'), 'The sources.'),
          '401': readErrors['401'],
          '403': readErrors['403'],
        },
      },
    },
    '/v1/toil-reports': {
      get: {
        operationId: 'getToilReports',
        summary: 'A page of the self-reported toil of the entity.',
        description: `Users and services; needs ${ENTITY_READ}. \`canDelete\` says whether the calling user may delete each.`,
        parameters: queryParameters(pageQuery),
        responses: {
          '200': json(ref('ToilReportPage'), 'The reports.'),
          ...readErrors,
        },
      },
      post: {
        operationId: 'postToilReport',
        summary: 'Report toil for an entity as the signed-in user.',
        description:
          'Users only; needs devops-insights.toil.report on the entity (an unconditional allow leaves members of its owning teams). One person reports at most devopsInsights.toil.hoursPerWeek per ISO week.',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('ToilReportRequest') } },
        },
        responses: {
          '201': json(ref('EventsResponse'), 'The report was stored.'),
          '400': json(
            {
              anyOf: [
                ref('EventValidationErrorResponse'),
                ref('ErrorResponse'),
              ],
            },
            'Invalid fields, each named by path (index 0), or over the weekly bound.',
          ),
          '401': readErrors['401'],
          '403': error('The caller may not report toil for this entity.'),
          '404': readErrors['404'],
        },
      },
    },
    '/v1/toil-reports/{id}': {
      delete: {
        operationId: 'deleteToilReport',
        summary: 'Delete a toil report filed from the Toil tab.',
        description:
          'Users only: its reporter, or whoever may report toil for its entity.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ],
        responses: {
          '204': { description: 'Deleted.' },
          '401': readErrors['401'],
          '403': error('The caller may not delete this report.'),
          '404': error('No such report.'),
        },
      },
    },
    '/v1/webhooks/{sourceId}': {
      post: {
        operationId: 'postWebhook',
        summary:
          'A webhook delivery for a source module (GitHub, GitLab, PagerDuty).',
        description:
          "No Backstage credentials: each source verifies the sender's signature over the raw body itself. See docs/sources.md.",
        security: [],
        parameters: [
          {
            name: 'sourceId',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          '200': json(
            ref('WebhookResponse'),
            'Stored, or a duplicate delivery.',
          ),
          '202': json(ref('WebhookResponse'), 'Accepted and ignored.'),
          '400': json(ref('WebhookResponse'), 'A body that is not JSON.'),
          '401': json(ref('WebhookResponse'), 'A missing or wrong signature.'),
          '404': error('No source with a webhook of that id.'),
        },
      },
    },
    '/v1/webhooks/custom/{name}': {
      post: {
        operationId: 'postCustomWebhook',
        summary:
          'A delivery to a configured webhook (devopsInsights.webhooks.<name>), mapped to events by its JSONata mapping.',
        description:
          "No Backstage credentials: the sender proves itself by the configured HMAC signature, token or Standard Webhooks signature, checked before anything else. Then the mapping runs (bounded in time and depth), its events are validated by the event schemas and stored through the events API's ingestion. See docs/webhooks.md.",
        security: [],
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          '200': json(
            ref('WebhookResponse'),
            'Stored, or a duplicate delivery.',
          ),
          '202': json(
            ref('WebhookResponse'),
            'The mapping produced no event for this payload.',
          ),
          '400': json(
            ref('WebhookResponse'),
            'Not JSON, the mapping failed or timed out, or it produced invalid events (`errors`, `offendingEvents`); nothing was stored.',
          ),
          '401': json(
            ref('WebhookResponse'),
            'A missing or wrong signature or token.',
          ),
          '404': error('No webhook of that name is configured.'),
          '413': json(
            ref('WebhookResponse'),
            "A body over the webhook's maxBodyBytes.",
          ),
          '503': json(
            ref('WebhookResponse'),
            'The webhook is disabled by a configuration error (see GET /v1/sources).',
          ),
        },
      },
    },
    '/v1/webhook-mappings/dry-run': {
      post: {
        operationId: 'dryRunWebhookMapping',
        summary:
          'The events a sample payload maps to, by a configured webhook, a preset or a mapping of your own; nothing is stored.',
        description: 'Services and users with devops-insights.events.create.',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('WebhookDryRunRequest') },
          },
        },
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                events: { type: 'array', items: { type: 'object' } },
                ignored: { type: 'string' },
              },
              required: ['events'],
            },
            'The events the payload maps to (valid), or none with the reason.',
          ),
          '400': json(
            ref('WebhookResponse'),
            'An invalid request, a mapping that does not compile or fails, or invalid events (`errors`, `offendingEvents`).',
          ),
          '401': readErrors['401'],
          '403': error('The caller may not send events.'),
          '404': error('No webhook of that name is configured.'),
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document. */
export function buildOpenApiSpec() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'devops-insights',
      version: '1',
      description:
        'The HTTP API of the DevOps Insights backend plugin. Generated by `yarn openapi` from the schemas the router validates with and the response types of @devops-insights/backstage-plugin-common: do not edit by hand.',
      license: { name: 'Apache-2.0' },
    },
    servers: [{ url: '/api/devops-insights' }],
    security: [{ BackstageToken: [] }],
    paths: paths(),
    components: {
      securitySchemes: {
        BackstageToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A Backstage user token, a static external-access token or a plugin-to-plugin token.',
        },
      },
      schemas: sortKeys({
        ...requestSchemas(),
        ...responseSchemas(),
        ...errorSchemas,
      }),
    },
  };
}

const sortKeys = (o: Record<string, JsonSchema>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
