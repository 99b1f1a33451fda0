import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  findAnnotatedEntities,
  oneTargetPerKey,
  productionEnvironmentsOf,
} from './annotatedEntities';

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('productionEnvironmentsOf', () => {
  it.each([
    [{}, undefined],
    [{ 'devops-insights.io/production-environments': '' }, undefined],
    [
      { 'devops-insights.io/production-environments': ' Prod , EU-live,, ' },
      ['prod', 'eu-live'],
    ],
  ])('%j → %j', (annotations, environments) => {
    expect(productionEnvironmentsOf(entity('x', annotations))).toEqual(
      environments,
    );
  });
});

describe('findAnnotatedEntities', () => {
  const catalog = catalogServiceMock({
    entities: [
      entity('shop', { 'github.com/project-slug': 'acme/shop' }),
      entity('cart', { 'github.com/project-slug': 'acme/cart' }),
      entity('docs', {}),
    ],
  });
  const deps = { catalog, auth: mockServices.auth() };

  it('finds every entity with the annotation', async () => {
    const found = await findAnnotatedEntities(deps, 'github.com/project-slug');
    expect(found.map(e => e.metadata.name).sort()).toEqual(['cart', 'shop']);
  });

  it('finds those with exactly the given value', async () => {
    const found = await findAnnotatedEntities(
      deps,
      'github.com/project-slug',
      'acme/shop',
    );
    expect(found.map(e => e.metadata.name)).toEqual(['shop']);
  });
});

describe('oneTargetPerKey', () => {
  type T = { repo: string; entityRef: string };
  const t = (repo: string, name: string): T => ({
    repo,
    entityRef: stringifyEntityRef(entity(name, {})),
  });

  it.each<{ name: string; targets: T[]; result: T[]; warned?: string }>([
    {
      name: 'sorts by key',
      targets: [t('b', 'x'), t('A', 'y')],
      result: [t('A', 'y'), t('b', 'x')],
    },
    {
      name: 'keeps the first entity by ref and logs the others',
      targets: [t('shop', 'zeta'), t('SHOP', 'alpha'), t('shop', 'mid')],
      result: [t('SHOP', 'alpha')],
      warned:
        'shop is annotated by several entities; its events go to component:default/alpha, not component:default/mid, component:default/zeta',
    },
    {
      name: 'counts the same entity found twice once',
      targets: [t('shop', 'alpha'), t('shop', 'alpha')],
      result: [t('shop', 'alpha')],
    },
  ])('$name', ({ targets, result, warned }) => {
    const logger = mockServices.logger.mock();
    expect(
      oneTargetPerKey(targets, {
        keyOf: x => x.repo.toLocaleLowerCase('en-US'),
        logger,
      }),
    ).toEqual(result);
    expect(logger.warn.mock.calls).toEqual(warned ? [[warned]] : []);
  });
});
