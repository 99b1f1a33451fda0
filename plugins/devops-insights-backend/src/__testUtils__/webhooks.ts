import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPluginBackend } from './backend';
import { eventTables } from './fullEvents';

/** The plugin over `databaseId` with `devopsInsights.webhooks` as given. */
export async function startWithWebhooks(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  webhooks: JsonObject,
  options: { deny?: boolean } = {},
) {
  const knex = await databases.init(databaseId);
  const server = await startPluginBackend({
    deny: options.deny,
    features: [
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { devopsInsights: { webhooks } },
      }),
    ],
  });
  return { knex, server };
}

/** A payload of src/webhooks/__fixtures__ exactly as stored (its bytes). */
export const fixture = (path: string) =>
  readFileSync(join(__dirname, '../webhooks/__fixtures__', path));

export const hmacHex = (algorithm: string, secret: string, body: Buffer) =>
  createHmac(algorithm, secret).update(body).digest('hex');

/** A Standard Webhooks (Svix) signing secret and the headers it signs. */
export const STANDARD_WEBHOOKS_SECRET = `whsec_${Buffer.from(
  'devops-insights-test-signing-key-32b',
).toString('base64')}`;

export function standardWebhookHeaders(
  id: string,
  body: Buffer,
  secret = STANDARD_WEBHOOKS_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}

/** Rows of every event table, to show that a refused delivery stored nothing. */
export async function storedRows(knex: import('knex').Knex) {
  let total = 0;
  for (const table of eventTables) {
    const [{ n }] = await knex(table).count({ n: '*' });
    total += Number(n);
  }
  return total;
}
