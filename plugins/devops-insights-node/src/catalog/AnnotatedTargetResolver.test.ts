import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AnnotatedTargetResolver } from './AnnotatedTargetResolver';

const SLUG = 'example.com/project-slug';
const ID = 'example.com/project-id';

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

function resolver(entities: Entity[]) {
  const logger = mockServices.logger.mock();
  return {
    logger,
    resolver: new AnnotatedTargetResolver({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger,
      annotations: [SLUG, ID],
      // The slug wins over the id; a blank one is no opt-in.
      targetOf: e => {
        const a = e.metadata.annotations ?? {};
        const project = (a[SLUG] ?? a[ID])?.trim();
        return project
          ? { project, entityRef: stringifyEntityRef(e) }
          : undefined;
      },
      keyOf: t => t.project.toLocaleLowerCase('en-US'),
    }),
  };
}

describe('AnnotatedTargetResolver', () => {
  const entities = [
    entity('billing', { [SLUG]: 'acme/billing', [ID]: '42' }),
    entity('cart', { [ID]: '7' }),
    entity('billing-docs', { [SLUG]: 'Acme/Billing' }),
    entity('blank', { [SLUG]: ' ' }),
    entity('docs', {}),
  ];

  it('lists the targets of every opt-in annotation, one per key, sorted by key', async () => {
    const { resolver: r, logger } = resolver(entities);
    expect(await r.list()).toEqual([
      { project: '7', entityRef: 'component:default/cart' },
      { project: 'acme/billing', entityRef: 'component:default/billing' },
    ]);
    // billing (found by both annotations) counts once, and wins by entity ref.
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'its events go to component:default/billing, not component:default/billing-docs',
      ),
    );
  });

  it('finds the targets whose annotations have exactly the given values', async () => {
    const { resolver: r } = resolver(entities);
    expect(await r.find({ [ID]: '7' })).toEqual([
      { project: '7', entityRef: 'component:default/cart' },
    ]);
    expect(await r.find({ [SLUG]: 'nothing/here', [ID]: '42' })).toEqual([
      { project: 'acme/billing', entityRef: 'component:default/billing' },
    ]);
    expect(await r.find({})).toEqual([]);
  });
});
