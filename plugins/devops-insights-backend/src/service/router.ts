import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  devopsInsightsEventsCreatePermission,
  devopsInsightsMetricsReadPermission,
  eventsRequestSchema,
} from '@devops-insights/backstage-plugin-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EventBatchValidationError, IngestService } from './IngestService';
import { MetricsService } from './MetricsService';
import { parseWindow } from './window';

/** Bodies above this get 413; 5000 events with a few changes each fit well. */
export const EVENTS_BODY_LIMIT = '20mb';

const metricsQuery = z.object({
  entityRef: z.string({ error: "'entityRef' is required" }).min(1),
  from: z.string().optional(),
  to: z.string().optional(),
});

const pageQuery = metricsQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

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

export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  ingest: IngestService;
  metrics: MetricsService;
}): Promise<express.Router> {
  const { httpAuth, permissions, ingest, metrics, logger } = deps;
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

  router.post(
    '/v1/events',
    express.json({ limit: EVENTS_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await authorize(
        req,
        devopsInsightsEventsCreatePermission,
        ['service'],
      );
      const body = eventsRequestSchema.safeParse(req.body);
      if (!body.success) {
        throw new InputError(
          `Body must be { "events": [...] } with 1 to 5000 events: ${body.error.issues
            .map(i => i.message)
            .join('; ')}`,
        );
      }
      try {
        const result = await ingest.ingest(body.data.events);
        logger.info('Ingested events', {
          subject:
            credentials.principal.type === 'service'
              ? credentials.principal.subject
              : undefined,
          ...result,
          unknownEntityRefs: result.unknownEntityRefs.length,
        });
        res.json(result);
      } catch (error) {
        if (!(error instanceof EventBatchValidationError)) throw error;
        res.status(400).json({
          error: { name: 'InputError', message: error.message },
          errors: error.errors,
          response: { statusCode: 400 },
        });
      }
    },
  );

  router.get('/v1/dora', async (req, res) => {
    const credentials = await authorize(req, devopsInsightsMetricsReadPermission, [
      'user',
      'service',
    ]);
    const query = parseQuery(metricsQuery, req);
    res.json(await metrics.dora(query.entityRef, parseWindow(query), credentials));
  });

  router.get('/v1/deployments', async (req, res) => {
    const credentials = await authorize(req, devopsInsightsMetricsReadPermission, [
      'user',
      'service',
    ]);
    const query = parseQuery(pageQuery, req);
    res.json(
      await metrics.deployments(query.entityRef, parseWindow(query), query, credentials),
    );
  });

  router.get('/v1/incidents', async (req, res) => {
    const credentials = await authorize(req, devopsInsightsMetricsReadPermission, [
      'user',
      'service',
    ]);
    const query = parseQuery(pageQuery, req);
    res.json(
      await metrics.incidents(query.entityRef, parseWindow(query), query, credentials),
    );
  });

  return router;
}
