import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { PresetId, presets } from './presets';

/** How a configured webhook's sender proves itself. */
export type WebhookAuth =
  | {
      kind: 'hmac';
      secret: string;
      /** Lower-case header name. */
      header: string;
      algorithm: 'sha1' | 'sha256' | 'sha512';
      prefix: string;
      encoding: 'hex' | 'base64';
    }
  | {
      kind: 'token';
      secret: string;
      header?: string;
      queryParameter?: string;
      prefix: string;
    }
  | {
      /** Standard Webhooks (Svix): incident.io signs this way. */
      kind: 'standardWebhooks';
      secret: Buffer;
      toleranceSeconds: number;
    };

/** One entry of `devopsInsights.webhooks`, read and checked. */
export type CustomWebhookSettings = {
  name: string;
  preset?: PresetId;
  /** JSONata: the payload to one event or an array of events. */
  mapping: string;
  /** JSONata for every event's entityRef, evaluated on the payload. */
  entityRef?: string;
  auth: WebhookAuth;
  /** Lower-case header name of the sender's delivery id. */
  deliveryIdHeader?: string;
  /** Bound as `$options` in the mapping. */
  options: JsonObject;
  maxBodyBytes: number;
  timeoutMs: number;
};

/** A configured webhook that could not be read: it fails alone. */
export type BrokenWebhookSettings = { name: string; error: string };

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Largest body any webhook may accept, whatever its configuration. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 500;
export const MAX_TIMEOUT_MS = 5000;

/**
 * Status rows and delivery ids are kept under `webhook:<name>` (40
 * characters at most, the column's width), apart from built-in sources.
 */
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const webhookStatusSource = (name: string) => `webhook:${name}`;

function readAuth(config: Config): WebhookAuth {
  const kinds = ['hmac', 'token', 'standardWebhooks'].filter(k =>
    config.has(k),
  );
  if (kinds.length !== 1) {
    throw new Error(
      'auth needs exactly one of hmac, token or standardWebhooks',
    );
  }
  if (config.has('hmac')) {
    const hmac = config.getConfig('hmac');
    const algorithm = hmac.getOptionalString('algorithm') ?? 'sha256';
    if (!['sha1', 'sha256', 'sha512'].includes(algorithm)) {
      throw new Error('auth.hmac.algorithm must be sha1, sha256 or sha512');
    }
    const encoding = hmac.getOptionalString('encoding') ?? 'hex';
    if (!['hex', 'base64'].includes(encoding)) {
      throw new Error('auth.hmac.encoding must be hex or base64');
    }
    return {
      kind: 'hmac',
      secret: nonEmpty(hmac.getString('secret'), 'auth.hmac.secret'),
      header: hmac.getString('header').toLowerCase(),
      algorithm: algorithm as 'sha256',
      prefix: hmac.getOptionalString('prefix') ?? '',
      encoding: encoding as 'hex',
    };
  }
  if (config.has('token')) {
    const token = config.getConfig('token');
    const header = token.getOptionalString('header')?.toLowerCase();
    const queryParameter = token.getOptionalString('queryParameter');
    if (!header === !queryParameter) {
      throw new Error(
        'auth.token needs exactly one of header or queryParameter',
      );
    }
    return {
      kind: 'token',
      secret: nonEmpty(token.getString('secret'), 'auth.token.secret'),
      header,
      queryParameter,
      prefix: token.getOptionalString('prefix') ?? '',
    };
  }
  const sw = config.getConfig('standardWebhooks');
  const secret = sw.getString('secret');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  if (key.length < 16) {
    throw new Error(
      'auth.standardWebhooks.secret must be the signing secret (whsec_ and base64)',
    );
  }
  return {
    kind: 'standardWebhooks',
    secret: key,
    toleranceSeconds: sw.getOptionalNumber('toleranceSeconds') ?? 300,
  };
}

function nonEmpty(value: string, key: string) {
  if (!value) throw new Error(`${key} must not be empty`);
  return value;
}

function readOne(name: string, config: Config): CustomWebhookSettings {
  if (!NAME.test(name)) {
    throw new Error('the name must match [a-z0-9][a-z0-9-]{0,31}');
  }
  const presetName = config.getOptionalString('preset');
  const ownMapping = config.getOptionalString('mapping');
  if (!presetName === !ownMapping) {
    throw new Error('give exactly one of preset or mapping');
  }
  if (presetName && !(presetName in presets)) {
    throw new Error(
      `unknown preset '${presetName}'; presets: ${Object.keys(presets).join(
        ', ',
      )}`,
    );
  }
  const preset = presetName as PresetId | undefined;
  const maxBodyBytes =
    config.getOptionalNumber('maxBodyBytes') ?? DEFAULT_MAX_BODY_BYTES;
  if (!(maxBodyBytes > 0 && maxBodyBytes <= MAX_BODY_BYTES)) {
    throw new Error(`maxBodyBytes must be between 1 and ${MAX_BODY_BYTES}`);
  }
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new Error(`timeoutMs must be between 1 and ${MAX_TIMEOUT_MS}`);
  }
  const auth = readAuth(config.getConfig('auth'));
  return {
    name,
    preset,
    mapping: preset ? presets[preset].mapping : ownMapping!,
    entityRef: config.getOptionalString('entityRef'),
    auth,
    deliveryIdHeader:
      config.getOptionalString('deliveryIdHeader')?.toLowerCase() ??
      (auth.kind === 'standardWebhooks' ? 'webhook-id' : undefined),
    options: (config.getOptional<JsonObject>('options') ?? {}) as JsonObject,
    maxBodyBytes,
    timeoutMs,
  };
}

/**
 * Reads `devopsInsights.webhooks`. A webhook whose settings are wrong is
 * returned as broken (logged and shown on its status) rather than failing
 * the backend: the other webhooks and every other source keep working.
 */
export function readCustomWebhooks(config: Config): {
  webhooks: CustomWebhookSettings[];
  broken: BrokenWebhookSettings[];
} {
  const section = config.getOptionalConfig('devopsInsights.webhooks');
  const webhooks: CustomWebhookSettings[] = [];
  const broken: BrokenWebhookSettings[] = [];
  for (const name of section?.keys() ?? []) {
    try {
      webhooks.push(readOne(name, section!.getConfig(name)));
    } catch (error) {
      broken.push({ name, error: (error as Error).message });
    }
  }
  return { webhooks, broken };
}
