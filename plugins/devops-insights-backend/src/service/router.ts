import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  devopsInsightsEventsCreatePermission,
  devopsInsightsMetricsReadPermission,
  eventsRequestSchema,
  storableString,
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
import { DEPLOYMENT_LIST, INCIDENT_LIST, ListSpec } from './listPage';

/** Bodies above this get 413; 5000 events with a few changes each fit well. */
export const EVENTS_BODY_LIMIT = '20mb';

const metricsQuery = z.object({
  entityRef: storableString({ error: "'entityRef' is required" }).min(1),
  from: z.string().optional(),
  to: z.string().optional(),
});

const pageQuery = metricsQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(['asc', 'desc']).optional(),
  search: z.string().max(200).optional(),
});

/** A list's page query: `sort` names one of the list's sortable fields. */
const listQuery = (spec: ListSpec<any>) =>
  pageQuery.extend({
    sort: z.enum(Object.keys(spec.sortBy) as [string, ...string[]]).optional(),
  });

const deploymentsQuery = listQuery(DEPLOYMENT_LIST);

const rollupQuery = z.object({
  groupRef: storableString().min(1).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

const breakdownQuery = metricsQuery.extend({
  tab: z.enum(['dora', 'toil', 'oncall'], {
    error: "'tab' must be dora, toil or oncall",
  }),
});

const incidentsQuery = listQuery(INCIDENT_LIST).extend({
  urgency: z.enum(['high', 'low']).optional(),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
});

/** What the Toil tab's form sends; the rest of the event is the server's. */
const toilReportBody = z.strictObject({
  entityRef: z.string().min(1),
  week: z.string(),
  hours: z.number(),
  category: z.string(),
  description: z.string().optional(),
});

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
}): Promise<express.Router> {
  const {
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

  const ingestOrReportErrors = async (
    res: express.Response,
    events: unknown[],
    subject: string | undefined,
    status = 200,
  ) => {
    try {
      const result = await ingest.ingest(events);
      logger.info('Ingested events', {
        subject,
        ...result,
        unknownEntityRefs: result.unknownEntityRefs.length,
      });
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
      const result = await toilReports.create(body.data, userRef, credentials);
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
    await toilReports.delete(
      req.params.id,
      credentials.principal.userEntityRef,
      credentials,
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
      const result = await sources.webhook(req.params.sourceId, {
        headers: req.headers,
        rawBody,
      });
      res.status(result.status).json(result.body ?? {});
    },
  );

  /** A read endpoint: metrics.read for users and services, a validated query, JSON out. */
  const readEndpoint = <T extends z.ZodType<{ from?: string; to?: string }>>(
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
  readEndpoint('/v1/oncall', metricsQuery, (q, window, credentials) =>
    metrics.onCall(q.entityRef, window, credentials),
  );
  readEndpoint('/v1/breakdown', breakdownQuery, (q, window, credentials) =>
    breakdowns.breakdown(q.entityRef, q.tab, window, credentials),
  );
  readEndpoint('/v1/coverage', metricsQuery, (q, _window, credentials) =>
    breakdowns.coverage(q.entityRef, credentials),
  );
  readEndpoint('/v1/coverage/teams', rollupQuery, (q, _window, credentials) =>
    breakdowns.teamsCoverage(q.groupRef, credentials),
  );
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
