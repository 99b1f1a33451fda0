import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  devopsInsightsEntityReadPermission,
  devopsInsightsEventsCreatePermission,
  devopsInsightsMetricsReadPermission,
  devopsInsightsOnCallRespondersReadPermission,
  EventsResponse,
  eventsRequestSchema,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EventBatchValidationError, IngestService } from './IngestService';
import { MetricsService } from './MetricsService';
import { BreakdownService } from './BreakdownService';
import { RollupService } from './RollupService';
import { SourceRunner } from './SourceRunner';
import { SourceStateStore } from '../database/SourceStateStore';
import { parseWindow } from './window';
import { ToilReportService } from './ToilReportService';
import {
  breakdownQuery,
  deploymentsQuery,
  incidentsQuery,
  metricsQuery,
  pageQuery,
  rollupQuery,
  toilReportBody,
} from '../schema/requests';
import { audited } from './audited';
import { normalizeEntityRef } from './entityRefs';
import { InsightsTelemetry, secondsSince } from './telemetry';

/** Bodies above this get 413; 5000 events with a few changes each fit well. */
export const EVENTS_BODY_LIMIT = '20mb';

/** Webhook bodies are kept raw: signatures are over the exact bytes. */
const WEBHOOK_BODY_LIMIT = '5mb';

function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.output<T> {
  const result = schema.safeParse(req.query);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/** How many rows a write created, updated or left unchanged, for the logs. */
const counts = (result: EventsResponse) => ({
  created: result.created,
  updated: result.updated,
  unchanged: result.unchanged,
  unknownEntityRefs: result.unknownEntityRefs.length,
});

/** What a webhook delivery did: its status and the handler's counts. */
const deliveryOutcome = (result: {
  status: number;
  body?: Record<string, unknown>;
}) => {
  const outcome: Record<string, number | boolean> = { status: result.status };
  for (const [key, value] of Object.entries(result.body ?? {})) {
    if (typeof value === 'number' || typeof value === 'boolean') {
      outcome[key] = value;
    } else if (Array.isArray(value)) {
      outcome[key] = value.length;
    }
  }
  return outcome;
};

/** A 400 naming each invalid event's index, field and problem. */
function sendValidationErrors(
  res: express.Response,
  error: EventBatchValidationError,
) {
  res.status(400).json({
    error: { name: 'InputError', message: error.message },
    errors: error.errors,
    response: { statusCode: 400 },
  });
}

export async function createRouter(deps: {
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  ingest: IngestService;
  metrics: MetricsService;
  rollups: RollupService;
  breakdowns: BreakdownService;
  sources: SourceRunner;
  sourceState: SourceStateStore;
  toilReports: ToilReportService;
  telemetry?: InsightsTelemetry;
}): Promise<express.Router> {
  const {
    auditor,
    httpAuth,
    permissions,
    ingest,
    metrics,
    rollups,
    breakdowns,
    logger,
    sources,
    sourceState,
    toilReports,
  } = deps;
  const router = Router();
  const telemetry = deps.telemetry ?? new InsightsTelemetry();

  // Read latency per route template (never the entity asked for), errors
  // included; unmatched paths are not recorded.
  router.use((req, res, next) => {
    if (req.method !== 'GET') return next();
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const route: unknown = req.route?.path;
      if (typeof route === 'string') {
        telemetry.recordRead(secondsSince(start), route, res.statusCode);
      }
    });
    return next();
  });

  const authorize = async (
    req: Request,
    permission: BasicPermission,
    allow: Array<'user' | 'service'>,
  ) => {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  };

  /**
   * Which of the entity's resource permissions the caller holds, in one
   * round trip. A conditional decision (e.g. IS_ENTITY_OWNER) is applied to
   * the entity by the catalog.
   */
  const entityDecisions = async (
    entityRef: string,
    credentials: BackstageCredentials,
    wanted: ResourcePermission[],
  ) => {
    const resourceRef = normalizeEntityRef(entityRef);
    const decisions = await permissions.authorize(
      wanted.map(permission => ({ permission, resourceRef })),
      { credentials },
    );
    return {
      resourceRef,
      allowed: decisions.map(d => d.result === AuthorizeResult.ALLOW),
    };
  };

  /** Refuses unless the caller may read this entity's metrics. */
  const authorizeEntityRead = async (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => {
    const {
      resourceRef,
      allowed: [mayRead],
    } = await entityDecisions(entityRef, credentials, [
      devopsInsightsEntityReadPermission,
    ]);
    if (!mayRead) {
      throw new NotAllowedError(
        `Missing permission ${devopsInsightsEntityReadPermission.name} for ${resourceRef}`,
      );
    }
  };

  const ingestOrReportErrors = async (
    res: express.Response,
    events: unknown[],
    subject: string | undefined,
    status = 200,
  ) => {
    try {
      const result = await audited(
        auditor,
        {
          eventId: 'events-ingest',
          request: res.req,
          meta: { events: events.length },
        },
        () => ingest.ingest(events),
        counts,
      );
      logger.info('Ingested events', { subject, ...counts(result) });
      res.status(status).json(result);
    } catch (error) {
      if (!(error instanceof EventBatchValidationError)) throw error;
      sendValidationErrors(res, error);
    }
  };

  router.post(
    '/v1/events',
    // Who may send is settled before a byte of the body (up to 20 MB) is read
    // or parsed: a refused caller costs no parsing.
    async (req, res, next) => {
      res.locals.credentials = await authorize(
        req,
        devopsInsightsEventsCreatePermission,
        ['service'],
      );
      next();
    },
    express.json({ limit: EVENTS_BODY_LIMIT }),
    async (req, res) => {
      const credentials: Awaited<ReturnType<typeof authorize>> =
        res.locals.credentials;
      const body = eventsRequestSchema.safeParse(req.body);
      if (!body.success) {
        throw new InputError(
          `Body must be { "events": [...] } with 1 to 5000 events: ${body.error.issues
            .map(i => i.message)
            .join('; ')}`,
        );
      }
      await ingestOrReportErrors(
        res,
        body.data.events,
        credentials.principal.type === 'service'
          ? credentials.principal.subject
          : undefined,
      );
    },
  );

  router.post('/v1/toil-reports', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = toilReportBody.safeParse(req.body);
    if (!body.success) {
      throw new InputError(
        body.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
      );
    }
    const userRef = credentials.principal.userEntityRef;
    try {
      const result = await audited(
        auditor,
        {
          eventId: 'toil-report-create',
          request: req,
          meta: {
            entityRef: body.data.entityRef,
            week: body.data.week,
            hours: body.data.hours,
          },
        },
        () => toilReports.create(body.data, userRef, credentials),
        counts,
      );
      logger.info('Stored a toil report', { subject: userRef, ...result });
      res.status(201).json(result);
    } catch (error) {
      if (!(error instanceof EventBatchValidationError)) throw error;
      sendValidationErrors(res, error);
    }
  });

  router.get('/v1/toil-reports', async (req, res) => {
    const credentials = await authorize(
      req,
      devopsInsightsMetricsReadPermission,
      ['user', 'service'],
    );
    const query = parseQuery(pageQuery, req);
    await authorizeEntityRead(query.entityRef, credentials);
    res.json(
      await toilReports.list(
        query.entityRef,
        parseWindow(query),
        query,
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : undefined,
        credentials,
      ),
    );
  });

  router.delete('/v1/toil-reports/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await audited(
      auditor,
      {
        eventId: 'toil-report-delete',
        request: req,
        meta: { id: req.params.id },
      },
      () =>
        toilReports.delete(
          req.params.id,
          credentials.principal.userEntityRef,
          credentials,
        ),
      () => ({ deleted: 1 }),
    );
    res.status(204).end();
  });

  router.get('/v1/sources', async (req, res) => {
    await authorize(req, devopsInsightsMetricsReadPermission, [
      'user',
      'service',
    ]);
    res.json({ sources: await sourceState.listStatus() });
  });

  router.post(
    '/v1/webhooks/:sourceId',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await audited(
        auditor,
        {
          eventId: 'webhook-delivery',
          // No request: its credentials are none (the sender proves itself
          // by a signature the source checks), and a stray Authorization
          // header must not turn the handler's own answer into a 500.
          meta: { source: req.params.sourceId, bytes: rawBody.length },
        },
        () =>
          sources.webhook(req.params.sourceId, {
            headers: req.headers,
            rawBody,
          }),
        deliveryOutcome,
      );
      res.status(result.status).json(result.body ?? {});
    },
  );

  /** A read endpoint: metrics.read for users and services, a validated query, JSON out. */
  const readEndpoint = <
    T extends z.ZodType<{ entityRef: string; from?: string; to?: string }>,
  >(
    path: string,
    schema: T,
    read: (
      query: z.output<T>,
      window: TimeWindow,
      credentials: BackstageCredentials,
    ) => Promise<unknown>,
  ) =>
    router.get(path, async (req, res) => {
      const credentials = await authorize(
        req,
        devopsInsightsMetricsReadPermission,
        ['user', 'service'],
      );
      const query = parseQuery(schema, req);
      await authorizeEntityRead(query.entityRef, credentials);
      res.json(await read(query, parseWindow(query), credentials));
    });

  readEndpoint('/v1/dora', metricsQuery, (q, window, credentials) =>
    metrics.dora(q.entityRef, window, credentials),
  );
  readEndpoint('/v1/deployments', deploymentsQuery, (q, window, credentials) =>
    metrics.deployments(q.entityRef, window, q, credentials),
  );
  readEndpoint('/v1/incidents', incidentsQuery, (q, window, credentials) =>
    metrics.incidents(q.entityRef, window, q, credentials),
  );
  readEndpoint('/v1/toil', metricsQuery, (q, window, credentials) =>
    metrics.toil(q.entityRef, window, credentials),
  );
  readEndpoint('/v1/oncall', metricsQuery, async (q, window, credentials) => {
    const [answer, decisions] = await Promise.all([
      metrics.onCall(q.entityRef, window, credentials),
      entityDecisions(q.entityRef, credentials, [
        devopsInsightsOnCallRespondersReadPermission,
      ]),
    ]);
    const [mayReadResponders] = decisions.allowed;
    return {
      ...answer,
      responders: mayReadResponders ? answer.responders : [],
      respondersWithheld: !mayReadResponders,
    };
  });
  readEndpoint('/v1/breakdown', breakdownQuery, (q, window, credentials) =>
    breakdowns.breakdown(q.entityRef, q.tab, window, credentials),
  );
  readEndpoint('/v1/coverage', metricsQuery, (q, _window, credentials) =>
    breakdowns.coverage(q.entityRef, credentials),
  );
  // Like the rollup, of teams rather than of one entity: no entity to check.
  router.get('/v1/coverage/teams', async (req, res) => {
    const credentials = await authorize(
      req,
      devopsInsightsMetricsReadPermission,
      ['user', 'service'],
    );
    const query = parseQuery(rollupQuery, req);
    res.json(await breakdowns.teamsCoverage(query.groupRef, credentials));
  });
  router.get('/v1/rollup', async (req, res) => {
    const credentials = await authorize(
      req,
      devopsInsightsMetricsReadPermission,
      ['user', 'service'],
    );
    const query = parseQuery(rollupQuery, req);
    const answer = await rollups.rollup(
      query.groupRef,
      parseWindow(query),
      credentials,
    );
    // Sent compressed as kept: compressing it again per request would cost
    // more than computing a cached answer.
    res.type('application/json').vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(await answer.gzipped());
    } else {
      res.send(answer.json);
    }
  });

  return router;
}
