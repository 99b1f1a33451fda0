import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { devopsInsightsEventsCreatePermission } from '@devops-insights/backstage-plugin-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { webhookDryRunBody } from '../schema/requests';
import { audited } from '../service/audited';
import { EventBatchValidationError } from '../service/IngestService';
import {
  CustomWebhooks,
  DeliveryAnswer,
  mappingBindings,
  mappingErrorBody,
} from './CustomWebhooks';
import { compileMapping, eventsOfPayload, MappingError } from './mapping';
import { presets } from './presets';
import { DEFAULT_TIMEOUT_MS, MAX_BODY_BYTES } from './settings';
import { verificationFailure, verifiedWithoutBody } from './verify';

/** The body exactly as sent, up to `limit` bytes (413 beyond). */
function readRawBody(req: Request, res: Response, limit: number) {
  const parse = express.raw({ type: () => true, limit });
  return new Promise<Buffer>((resolve, reject) =>
    parse(req, res, error =>
      error
        ? reject(error)
        : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
    ),
  );
}

const send = (res: Response, answer: DeliveryAnswer) =>
  res.status(answer.status).json(answer.body);

/**
 * `POST /v1/webhooks/custom/:name` (configured webhooks; two path segments,
 * so `/v1/webhooks/:sourceId` of the built-in sources never matches it) and
 * `POST /v1/webhook-mappings/dry-run`.
 */
export async function createCustomWebhookRouter(deps: {
  webhooks: CustomWebhooks;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { webhooks, auditor, httpAuth, permissions } = deps;
  const router = Router();

  router.post('/v1/webhooks/custom/:name', async (req, res) => {
    const { name } = req.params;
    const webhook = webhooks.get(name);
    if (!webhook) {
      throw new NotFoundError(`No webhook '${name}' is configured`);
    }
    const query = req.query as Record<string, unknown>;
    const auth = webhook.settings?.auth;
    // A token is checked before a byte of the body is read.
    if (auth && verifiedWithoutBody(auth)) {
      const failure = verificationFailure(auth, {
        headers: req.headers,
        query,
      });
      if (failure) {
        send(
          res,
          await webhooks.refused(name, {
            status: 401,
            body: { error: { name: 'AuthenticationError', message: failure } },
          }),
        );
        return;
      }
    }
    let rawBody: Buffer;
    try {
      rawBody = await readRawBody(
        req,
        res,
        webhook.settings?.maxBodyBytes ?? MAX_BODY_BYTES,
      );
    } catch (error) {
      const e = error as { status?: number; type?: string; message?: string };
      const status =
        typeof e.status === 'number' && e.status >= 400 && e.status < 500
          ? e.status
          : 400;
      send(
        res,
        await webhooks.refused(name, {
          status,
          body: {
            error: {
              name: 'InputError',
              message:
                e.type === 'entity.too.large'
                  ? `The body is larger than this webhook's ${webhook.settings?.maxBodyBytes} bytes`
                  : `The body could not be read: ${e.message}`,
            },
          },
        }),
      );
      return;
    }
    const answer = await audited(
      auditor,
      {
        eventId: 'webhook-delivery',
        // No request: the sender holds no Backstage credentials.
        meta: { webhook: name, bytes: rawBody.length },
      },
      () => webhooks.deliver(webhook, { headers: req.headers, query, rawBody }),
      result => ({
        status: result.status,
        ...(typeof result.body.created === 'number' && {
          created: result.body.created,
          updated: Number(result.body.updated),
        }),
      }),
    );
    send(res, answer);
  });

  router.post(
    '/v1/webhook-mappings/dry-run',
    async (req, _res, next) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: devopsInsightsEventsCreatePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission ${devopsInsightsEventsCreatePermission.name}`,
        );
      }
      next();
    },
    express.json({ limit: MAX_BODY_BYTES + 64 * 1024 }),
    async (req, res) => {
      const body = webhookDryRunBody.safeParse(req.body);
      if (!body.success) {
        throw new InputError(
          body.error.issues
            .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
            .join('; '),
        );
      }
      const { payload, webhook: name, preset, headers } = body.data;
      let compiled;
      let options = body.data.options ?? {};
      if (name) {
        const webhook = webhooks.get(name);
        if (!webhook)
          throw new NotFoundError(`No webhook '${name}' is configured`);
        if (!('compiled' in webhook)) {
          throw new InputError(
            `Webhook '${name}' is disabled: ${webhook.broken}`,
          );
        }
        compiled = webhook.compiled;
        options = webhook.settings.options;
      } else {
        try {
          compiled = compileMapping({
            mapping: preset ? presets[preset].mapping : body.data.mapping!,
            entityRef: body.data.entityRef,
            timeoutMs: DEFAULT_TIMEOUT_MS,
          });
        } catch (error) {
          throw new InputError((error as Error).message);
        }
      }
      try {
        const result = await eventsOfPayload(
          compiled,
          payload,
          mappingBindings({ name: name ?? 'dry-run', options }, headers ?? {}),
        );
        res.json(
          'ignored' in result
            ? { events: [], ignored: result.ignored }
            : { events: result.events },
        );
      } catch (error) {
        if (
          error instanceof MappingError ||
          error instanceof EventBatchValidationError
        ) {
          res.status(400).json(mappingErrorBody(error));
          return;
        }
        throw error;
      }
    },
  );

  return router;
}
