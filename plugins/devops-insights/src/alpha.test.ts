import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import devopsInsightsPlugin, { entityDoraContent } from './alpha';

const entityOfKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('new frontend system plugin', () => {
  it('is the devops-insights plugin', () => {
    expect(devopsInsightsPlugin.id).toBe('devops-insights');
  });

  it('adds a DORA tab at /dora for the kinds that deliver software', () => {
    const tester = createExtensionTester(entityDoraContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dora');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('DORA');

    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
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
  });
});
