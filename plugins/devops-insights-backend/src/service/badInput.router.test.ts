import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';
import { fullEvents } from '../__testUtils__/fullEvents';

jest.setTimeout(60_000);

const service = mockCredentials.service.header();
const user = mockCredentials.user.header();

const readPaths = [
  '/v1/dora?entityRef=checkout',
  '/v1/deployments?entityRef=checkout',
  '/v1/incidents?entityRef=checkout',
  '/v1/toil?entityRef=checkout',
  '/v1/oncall?entityRef=checkout',
  '/v1/rollup?groupRef=group:default/payments',
  '/v1/rollup?',
];

describe('read windows', () => {
  it.each([
    ['from at the earliest Date', 'from=-271821-04-20T00:00:00Z'],
    // The default from, 30 days earlier, would not be a valid Date.
    ['to at the earliest Date', 'to=-271821-04-20T00:00:00Z'],
    [
      'a window at the latest Date',
      'from=%2B275760-08-13T00:00:00Z&to=%2B275760-09-13T00:00:00Z',
    ],
  ])('answer 400 for %s on every read endpoint', async (_, window) => {
    const server = await startPluginBackend();
    for (const path of readPaths) {
      const res = await request(server)
        .get(`/api/devops-insights${path}&${window}`)
        .set('Authorization', user);
      expect({ path, status: res.status, error: res.body.error?.name }).toEqual(
        { path, status: 400, error: 'InputError' },
      );
    }
  });
});

describe('POST /v1/events permission', () => {
  it('refuses a user before reading the body: malformed JSON gets 403, not 400', async () => {
    const server = await startPluginBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send('{"events": [');
    expect(res.status).toBe(403);
  });

  it('refuses a service without the permission before reading the body', async () => {
    const server = await startPluginBackend({ deny: true });
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send('{"events": [');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('refuses a guest sending 19 MB with 403', async () => {
    const server = await startPluginBackend();
    const body = JSON.stringify({
      events: Array.from({ length: 5000 }, (_, i) => ({
        ...fullEvents.incident,
        id: `i${i}`,
        title: 'x'.repeat(3500),
      })),
    });
    // Under the 20 MB limit: an allowed service would have it parsed.
    expect(body.length).toBeGreaterThan(19_000_000);
    expect(body.length).toBeLessThan(20 * 1024 * 1024);
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', user)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(403);
  });

  it('still parses and validates the body of an allowed service', async () => {
    const server = await startPluginBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send('{"events": [');
    expect(res.status).toBe(400);
  });
});

describe('error bodies', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  /** A 500 from the router: the database is gone once the backend started. */
  async function internalError(env: string) {
    process.env.NODE_ENV = env;
    const knex = await databases.init('SQLITE_3');
    const server = await startPluginBackend({
      features: [mockServices.database.factory({ knex })],
    });
    await knex.destroy();
    return request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({ events: [fullEvents.incident] });
  }

  it('carry no stack trace or file path in production', async () => {
    const res = await internalError('production');
    expect(res.status).toBe(500);
    expect(res.body.error).not.toHaveProperty('stack');
    expect(JSON.stringify(res.body)).not.toMatch(
      /\.[jt]s\b|node_modules|\sat\s/,
    );
  });

  it('carry a stack in development, which is how the check above could fail', async () => {
    const res = await internalError('development');
    expect(res.status).toBe(500);
    expect(res.body.error.stack).toEqual(
      expect.stringContaining('node_modules'),
    );
  });
});
