import { JsonObject } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';

type Relation = { type: string; targetRef: string };

function entity(
  kind: string,
  name: string,
  relations: Relation[] = [],
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {} as JsonObject,
    relations,
  };
}

const ownedBy = (group: string) => ({
  type: 'ownedBy',
  targetRef: `group:default/${group}`,
});
const partOf = (ref: string) => ({ type: 'partOf', targetRef: ref });
const childOf = (group: string) => ({
  type: 'childOf',
  targetRef: `group:default/${group}`,
});
const memberOf = (group: string) => ({
  type: 'memberOf',
  targetRef: `group:default/${group}`,
});

/**
 * A small organisation: engineering ⊃ payments ⊃ payments-mobile, plus search.
 * Components checkout (payments), wallet (payments-mobile), indexer (search);
 * system shop holds checkout and wallet, domain commerce holds shop.
 * Users ann (payments, Berlin), bob (payments-mobile) and cy (search).
 */
export const testCatalog: Entity[] = [
  entity('Group', 'engineering'),
  entity('Group', 'payments', [childOf('engineering')]),
  entity('Group', 'payments-mobile', [childOf('payments')]),
  entity('Group', 'search', [childOf('engineering')]),
  entity('Group', 'empty-team', [childOf('engineering')]),
  entity('Domain', 'commerce', [ownedBy('payments')]),
  entity('System', 'shop', [
    ownedBy('payments'),
    partOf('domain:default/commerce'),
  ]),
  entity('Component', 'checkout', [
    ownedBy('payments'),
    partOf('system:default/shop'),
  ]),
  entity('Component', 'wallet', [
    ownedBy('payments-mobile'),
    partOf('system:default/shop'),
  ]),
  entity('API', 'wallet-api', [ownedBy('payments-mobile')]),
  entity('Component', 'indexer', [ownedBy('search')]),
  entity('User', 'ann', [memberOf('payments')], {
    'devops-insights.io/time-zone': 'Europe/Berlin',
  }),
  entity('User', 'bob', [memberOf('payments-mobile')]),
  entity('User', 'cy', [memberOf('search')]),
];
