import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Config } from '@backstage/config';
import {
  DevopsInsightsEventSink,
  ingestWebhookDelivery,
  webhookHeader,
} from '@devops-insights/backstage-plugin-node';
import { EventBatchValidationError } from '../service/IngestService';
import { SourceStateStore } from '../database/SourceStateStore';
import {
  CompiledMapping,
  compileMapping,
  eventsOfPayload,
  MappingError,
} from './mapping';
import {
  CustomWebhookSettings,
  readCustomWebhooks,
  webhookStatusSource,
} from './settings';
import { verificationFailure } from './verify';
import { WebhookStatusStore } from './WebhookStatusStore';

/** A configured webhook: its settings and, unless broken, its mapping. */
export type CustomWebhook =
  | { name: string; settings: CustomWebhookSettings; compiled: CompiledMapping }
  | { name: string; broken: string; settings?: CustomWebhookSettings };

export type DeliveryAnswer = { status: number; body: Record<string, unknown> };

type Headers = Record<string, string | string[] | undefined>;

/** Headers a mapping may read: none that carries a credential. */
function mappableHeaders(headers: Headers, settings: CustomWebhookSettings) {
  const hidden = new Set([
    'authorization',
    'cookie',
    'webhook-signature',
    ...(settings.auth.kind === 'hmac' ? [settings.auth.header] : []),
    ...(settings.auth.kind === 'token' && settings.auth.header
      ? [settings.auth.header]
      : []),
  ]);
  const visible: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (!hidden.has(name) && typeof first === 'string') visible[name] = first;
  }
  return visible;
}

/** What `$…` names in a mapping: options, headers and the webhook's name. */
export const mappingBindings = (
  settings: { name: string; options: Record<string, unknown> },
  headers: Record<string, string> = {},
) => ({ options: settings.options, headers, webhook: settings.name });

/** The 400 of a delivery or dry run whose mapping failed. */
export function mappingErrorBody(
  error: MappingError | EventBatchValidationError,
) {
  return {
    error: { name: 'InputError', message: error.message },
    errors: error.errors,
    ...(error instanceof MappingError && {
      offendingEvents: error.offendingEvents,
    }),
  };
}

/**
 * The webhooks of `devopsInsights.webhooks`: read and compiled at start-up
 * (one that fails is logged, shown on its status and answers 503, the
 * others work), then each delivery verified, mapped, validated and
 * ingested through the one ingestion path, and counted on its status.
 */
export class CustomWebhooks {
  private constructor(
    private readonly webhooks: Map<string, CustomWebhook>,
    private readonly deps: {
      sink: DevopsInsightsEventSink;
      state: SourceStateStore;
      status: WebhookStatusStore;
      logger: LoggerService;
    },
  ) {}

  static async create(deps: {
    config: Config;
    sink: DevopsInsightsEventSink;
    state: SourceStateStore;
    status: WebhookStatusStore;
    logger: LoggerService;
  }): Promise<CustomWebhooks> {
    const { webhooks: settings, broken } = readCustomWebhooks(deps.config);
    const webhooks = new Map<string, CustomWebhook>();
    for (const { name, error } of broken) {
      webhooks.set(name, { name, broken: error });
    }
    for (const s of settings) {
      try {
        webhooks.set(s.name, {
          name: s.name,
          settings: s,
          compiled: compileMapping(s),
        });
      } catch (error) {
        webhooks.set(s.name, {
          name: s.name,
          settings: s,
          broken: `mapping: ${(error as Error).message}`,
        });
      }
    }
    for (const webhook of webhooks.values()) {
      const source = webhookStatusSource(webhook.name);
      // A name too long for the status row is logged only.
      const listable = source.length <= 40;
      if ('broken' in webhook) {
        deps.logger.error(
          `DevOps Insights webhook '${webhook.name}' is disabled: ${webhook.broken}`,
        );
        if (listable) {
          await deps.status.configurationError(source, webhook.broken);
        }
      } else {
        deps.logger.info(
          `DevOps Insights webhook '${webhook.name}' at /v1/webhooks/custom/${
            webhook.name
          } (${
            webhook.settings.preset
              ? `preset ${webhook.settings.preset}`
              : 'own mapping'
          }, ${webhook.settings.auth.kind})`,
        );
        await deps.status.register(source);
      }
    }
    return new CustomWebhooks(webhooks, deps);
  }

  get(name: string): CustomWebhook | undefined {
    return this.webhooks.get(name);
  }

  /** Counts a delivery refused before its mapping ran. */
  async refused(name: string, answer: DeliveryAnswer): Promise<DeliveryAnswer> {
    const error = answer.body.error as
      | string
      | { message?: string }
      | undefined;
    const message = typeof error === 'string' ? error : error?.message;
    await this.deps.status.rejected(
      webhookStatusSource(name),
      `${answer.status}: ${message ?? 'refused'}`,
    );
    return answer;
  }

  /**
   * A delivery whose body was read: verified (unless already), mapped and
   * ingested. Answers 401 (not from the sender), 503 (webhook disabled by a
   * configuration error), 400 (not JSON, mapping failed, invalid events;
   * nothing stored), 202 (mapped to nothing) or 200 with the counts.
   */
  async deliver(
    webhook: CustomWebhook,
    request: {
      headers: Headers;
      query: Record<string, unknown>;
      rawBody: Buffer;
    },
  ): Promise<DeliveryAnswer> {
    const answer = await this.answer(webhook, request);
    const source = webhookStatusSource(webhook.name);
    if (answer.status < 300) {
      const stored =
        Number(answer.body.created ?? 0) + Number(answer.body.updated ?? 0);
      await this.deps.status.accepted(source, stored);
    } else if ('broken' in webhook) {
      // The configuration error stays the webhook's last error.
      await this.deps.status.rejected(
        source,
        `configuration error: ${webhook.broken}`,
      );
    } else {
      await this.refused(webhook.name, answer);
    }
    return answer;
  }

  private async answer(
    webhook: CustomWebhook,
    request: {
      headers: Headers;
      query: Record<string, unknown>;
      rawBody: Buffer;
    },
  ): Promise<DeliveryAnswer> {
    if (!webhook.settings) {
      return disabled(webhook);
    }
    const { settings } = webhook;
    const failure = verificationFailure(settings.auth, request);
    if (failure) {
      return {
        status: 401,
        body: { error: { name: 'AuthenticationError', message: failure } },
      };
    }
    if ('broken' in webhook) return disabled(webhook);
    const { compiled } = webhook;
    const source = webhookStatusSource(settings.name);
    const deliveryId = settings.deliveryIdHeader
      ? webhookHeader(request, settings.deliveryIdHeader)
      : undefined;
    const logger = this.deps.logger.child({ webhook: settings.name });
    try {
      return await ingestWebhookDelivery(
        request,
        {
          sink: this.deps.sink,
          logger,
          // Without a delivery id every delivery is new; the upsert by
          // (type, source, id) still makes a redelivery change nothing.
          deliveries: {
            claim: async id =>
              id ? this.deps.state.claimDelivery(source, id) : true,
            release: async id => {
              if (id) await this.deps.state.releaseDelivery(source, id);
            },
          },
        },
        {
          deliveryId: deliveryId ?? '',
          describe: `Webhook ${settings.name} delivery ${deliveryId ?? ''}`,
          eventsOf: async payload => {
            const mapped = await eventsOfPayload(
              compiled,
              payload,
              mappingBindings(
                settings,
                mappableHeaders(request.headers, settings),
              ),
            );
            return 'ignored' in mapped ? mapped : (mapped.events as any[]);
          },
        },
      );
    } catch (error) {
      if (
        error instanceof MappingError ||
        error instanceof EventBatchValidationError
      ) {
        return { status: 400, body: mappingErrorBody(error) };
      }
      if (error instanceof InputError) {
        return {
          status: 400,
          body: { error: { name: 'InputError', message: error.message } },
        };
      }
      throw error;
    }
  }
}

function disabled(webhook: CustomWebhook): DeliveryAnswer {
  return {
    status: 503,
    body: {
      error: {
        name: 'ServiceUnavailableError',
        message: `Webhook '${webhook.name}' is disabled by a configuration error; see the backend log or GET /v1/sources`,
      },
    },
  };
}
