import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { rootRouteRef } from './routes';
import devopsInsightsPlugin, {
  devopsInsightsPage,
  entityDoraContent,
  entityOnCallContent,
  entityToilContent,
} from './alpha';

const entityOfKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('new frontend system plugin', () => {
  it('is the devops-insights plugin', () => {
    expect(devopsInsightsPlugin.id).toBe('devops-insights');
  });

  /** The tab filter shows the tab on software kinds and nowhere else. */
  function expectSoftwareKinds(
    filter: ((entity: Entity) => boolean) | undefined,
  ) {
    for (const kind of [
      'Component',
      'API',
      'Resource',
      'System',
      'Domain',
      'Group',
    ]) {
      expect(filter?.(entityOfKind(kind))).toBe(true);
    }
    expect(filter?.(entityOfKind('User'))).toBe(false);
    expect(filter?.(entityOfKind('Location'))).toBe(false);
  }

  it('adds a DORA tab at /dora for the kinds that deliver software', () => {
    const tester = createExtensionTester(entityDoraContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dora');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('DORA');
    expectSoftwareKinds(
      tester.get(EntityContentBlueprint.dataRefs.filterFunction),
    );
  });

  it('adds a Toil tab at /toil for the same kinds', () => {
    const tester = createExtensionTester(entityToilContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/toil');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Toil');
    expectSoftwareKinds(
      tester.get(EntityContentBlueprint.dataRefs.filterFunction),
    );
  });

  it('adds an On-call tab at /oncall for the same kinds', () => {
    const tester = createExtensionTester(entityOnCallContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/oncall');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('On-call');
    expectSoftwareKinds(
      tester.get(EntityContentBlueprint.dataRefs.filterFunction),
    );
  });

  it('puts the three tabs in one content group, observability', () => {
    const groupOf = (tester: { get(ref: unknown): unknown }) =>
      tester.get(EntityContentBlueprint.dataRefs.group);
    expect([
      groupOf(createExtensionTester(entityDoraContent)),
      groupOf(createExtensionTester(entityToilContent)),
      groupOf(createExtensionTester(entityOnCallContent)),
    ]).toEqual(['observability', 'observability', 'observability']);
  });

  it('brings all three tabs', () => {
    for (const id of [
      'entity-content:devops-insights/dora',
      'entity-content:devops-insights/toil',
      'entity-content:devops-insights/oncall',
    ] as const) {
      expect(devopsInsightsPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('adds the leadership page at /devops-insights with what the nav needs', () => {
    // plugin-app's nav lists pages that have a route ref, a title and an icon.
    const tester = createExtensionTester(devopsInsightsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/devops-insights');
    expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('DevOps Insights');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(
      devopsInsightsPlugin.getExtension('page:devops-insights'),
    ).toBeDefined();
    expect(devopsInsightsPlugin.routes.root).toBe(rootRouteRef);
  });
});
