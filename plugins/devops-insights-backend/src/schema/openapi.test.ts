import { mockCredentials } from '@backstage/backend-test-utils';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { startPluginBackend } from '../__testUtils__/backend';
import { fullEvents } from '../__testUtils__/fullEvents';
import { createRouter } from '../service/router';
import { createCustomWebhookRouter } from '../webhooks/router';

jest.setTimeout(60_000);

/*
 * openapi.yaml is generated from the request schemas and response types
 * (`yarn openapi`; `yarn openapi --check` in ./scripts/test). These tests
 * hold it to the running router: the same routes, and every answer of every
 * route, errors included, valid against what the description says.
 */

const spec = parse(
  readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'),
) as Record<string, any>;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: spec.components });

const schemaValid = (schema: object, value: unknown) => {
  const validate = ajv.compile(rewrite(schema));
  return validate(value) ? [] : validate.errors!;
};

/** Refs of the description point into the document; here into `spec`. */
function rewrite(schema: object): object {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'),
  );
}

const service = mockCredentials.service.header();
const ann = mockCredentials.user.header('user:default/ann');
const window = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

/** Asserts that the answer is one the description lists, with its body. */
function expectDescribed(res: request.Response, method: string, path: string) {
  const operation = spec.paths[path]?.[method];
  expect(operation).toBeDefined();
  const response = operation.responses[String(res.status)];
  expect([
    method,
    path,
    res.status,
    response ? 'described' : 'not described',
  ]).toEqual([method, path, res.status, 'described']);
  const schema = response.content?.['application/json']?.schema;
  if (schema) {
    expect([method, path, res.status, schemaValid(schema, res.body)]).toEqual([
      method,
      path,
      res.status,
      [],
    ]);
  } else {
    expect(res.text ?? '').toBe('');
  }
}

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const routers: any[] = [
      await createRouter({} as any),
      await createCustomWebhookRouter({} as any),
    ];
    const served = routers
      .flatMap(router => router.stack)
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          method => `${method} ${layer.route.path}`,
        ),
      )
      .sort();
    const described = Object.entries(spec.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations as object).map(
          method => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
      .sort();
    expect(described).toEqual(served);
  });

  it('accepts in its request schemas what the router accepts, and names the event types', () => {
    const body = { $ref: '#/components/schemas/EventsRequest' };
    expect(schemaValid(body, { events: Object.values(fullEvents) })).toEqual(
      [],
    );
    expect(schemaValid(body, { events: [] })).not.toEqual([]);
    expect(
      schemaValid(body, { events: [{ ...fullEvents.page, type: 'fax' }] }),
    ).not.toEqual([]);
    expect(
      spec.components.schemas.Event.oneOf.map((s: any) => s.$ref).sort(),
    ).toEqual(
      [
        'CiRunEvent',
        'DeploymentEvent',
        'IncidentEvent',
        'OncallShiftEvent',
        'PageEvent',
        'ToilReportEvent',
      ].map(name => `#/components/schemas/${name}`),
    );
  });

  it('describes every answer of every route, errors included', async () => {
    const server = await startPluginBackend();
    const post = (path: string, auth: string | undefined, body: unknown) => {
      const req = request(server).post(`/api/devops-insights${path}`);
      return (auth ? req.set('Authorization', auth) : req).send(body as object);
    };
    const get = (path: string, auth = ann) =>
      request(server)
        .get(`/api/devops-insights${path}`)
        .set('Authorization', auth);

    const events = { events: Object.values(fullEvents) };
    expectDescribed(
      await post('/v1/events', service, events),
      'post',
      '/v1/events',
    );
    expectDescribed(
      await post('/v1/events', service, {
        events: [{ ...fullEvents.page, channel: 'fax' }],
      }),
      'post',
      '/v1/events',
    );
    expectDescribed(
      await post('/v1/events', service, {}),
      'post',
      '/v1/events',
    );
    expectDescribed(
      await post('/v1/events', undefined, events),
      'post',
      '/v1/events',
    );
    expectDescribed(
      await post('/v1/events', ann, events),
      'post',
      '/v1/events',
    );

    const report = await post('/v1/toil-reports', ann, {
      entityRef: 'checkout',
      week: '2026-W02',
      hours: 2,
      category: 'access requests',
    });
    expect(report.status).toBe(201);
    expectDescribed(report, 'post', '/v1/toil-reports');
    expectDescribed(
      await post('/v1/toil-reports', ann, {
        entityRef: 'checkout',
        week: '2026-W99',
        hours: 2,
        category: 'x',
      }),
      'post',
      '/v1/toil-reports',
    );

    for (const entityRef of ['checkout', 'group:default/payments']) {
      for (const path of [
        'dora',
        'toil',
        'oncall',
        'deployments',
        'incidents',
        'toil-reports',
      ]) {
        const res = await get(`/v1/${path}?entityRef=${entityRef}&${window}`);
        expect([path, res.status]).toEqual([path, 200]);
        expectDescribed(res, 'get', `/v1/${path}`);
      }
    }
    const deployments = await get(
      `/v1/deployments?entityRef=checkout&${window}`,
    );
    expect(deployments.body.items.length).toBeGreaterThan(0);
    expectDescribed(await get(`/v1/dora?${window}`), 'get', '/v1/dora');
    expectDescribed(
      await get(`/v1/deployments?entityRef=nowhere&${window}`),
      'get',
      '/v1/deployments',
    );
    expectDescribed(await get(`/v1/rollup?${window}`), 'get', '/v1/rollup');
    expectDescribed(await get('/v1/sources'), 'get', '/v1/sources');

    const [item] = (await get(`/v1/toil-reports?entityRef=checkout&${window}`))
      .body.items;
    const remove = (id: string) =>
      request(server)
        .delete(`/api/devops-insights/v1/toil-reports/${id}`)
        .set('Authorization', ann);
    expectDescribed(await remove(item.id), 'delete', '/v1/toil-reports/{id}');
    expectDescribed(await remove(item.id), 'delete', '/v1/toil-reports/{id}');

    expectDescribed(
      await request(server)
        .post('/api/devops-insights/v1/webhooks/nothing')
        .send('{}'),
      'post',
      '/v1/webhooks/{sourceId}',
    );
  });
});
