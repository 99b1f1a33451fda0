import { Entity } from '@backstage/catalog-model';
import {
  DEMO_COMPONENTS,
  DEMO_GROUPS,
  DEMO_USERS,
  demoEntityRef,
  demoGroupChildren,
  demoGroupMembers,
} from './org';

const entity = (
  kind: string,
  name: string,
  relations: Array<[string, string]>,
  annotations: Record<string, string> = {},
  spec: Entity['spec'] = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec,
  relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
});

/**
 * The demo organisation's groups, users and components as the catalog serves
 * them, with the relations the catalog would compute (`childOf`, `parentOf`,
 * `memberOf`, `hasMember`, `ownedBy`), for tests that start a backend with a
 * mock catalog, which computes none.
 * @public
 */
export function demoCatalogEntities(): Entity[] {
  const group = (name: string) => demoEntityRef('group', name);
  return [
    ...DEMO_GROUPS.map(g =>
      entity(
        'Group',
        g.name,
        [
          ...(g.parent
            ? [['childOf', group(g.parent)] as [string, string]]
            : []),
          ...demoGroupChildren(g.name).map((child): [string, string] => [
            'parentOf',
            group(child),
          ]),
          ...demoGroupMembers(g.name).map((user): [string, string] => [
            'hasMember',
            demoEntityRef('user', user),
          ]),
        ],
        {},
        { type: g.type, profile: { displayName: g.displayName } },
      ),
    ),
    ...DEMO_USERS.map(u =>
      entity(
        'User',
        u.name,
        u.memberOf.map(g => ['memberOf', group(g)]),
        { 'devops-insights.io/time-zone': u.timeZone },
      ),
    ),
    ...DEMO_COMPONENTS.map(c =>
      entity('Component', c.name, [['ownedBy', group(c.owner)]]),
    ),
  ];
}
