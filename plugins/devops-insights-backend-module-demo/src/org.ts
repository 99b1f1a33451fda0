/**
 * The demo organisation, defined once. The catalog YAML under `catalog/` and
 * the repository's `catalog-info.yaml` describe the same entities; a test
 * keeps the two in agreement.
 */

/** @public */
export type DemoGroup = {
  name: string;
  type: 'department' | 'team' | 'sub-team';
  displayName: string;
  description: string;
  parent?: string;
};

/** @public */
export type DemoUser = {
  name: string;
  displayName: string;
  email: string;
  memberOf: string[];
  /** IANA time zone, the `devops-insights.io/time-zone` annotation. */
  timeZone: string;
};

/** @public */
export type DemoDomain = { name: string; owner: string; description: string };

/** @public */
export type DemoSystem = {
  name: string;
  owner: string;
  domain: string;
  description: string;
};

/** @public */
export type DemoComponent = {
  name: string;
  type: 'service' | 'website' | 'library';
  lifecycle: 'production' | 'experimental' | 'deprecated';
  owner: string;
  system: string;
  description: string;
  providesApis?: string[];
  consumesApis?: string[];
  dependsOn?: string[];
  /** Where the entity is declared: the demo catalog or the repository root. */
  declaredIn: 'demo-catalog' | 'repository-root';
};

/** @public */
export type DemoApi = {
  name: string;
  type: 'openapi';
  lifecycle: 'production';
  owner: string;
  system: string;
  description: string;
};

/** @public */
export type DemoResource = {
  name: string;
  type: 'database';
  owner: string;
  system: string;
  description: string;
};

/** @public */
export const DEMO_GROUPS: readonly DemoGroup[] = [
  {
    name: 'engineering',
    type: 'department',
    displayName: 'Engineering',
    description: 'The engineering department of the Acme demo organisation.',
  },
  {
    name: 'storefront',
    type: 'team',
    displayName: 'Storefront',
    description:
      'Web shop, cart and checkout. Trunk-based, continuous deployment.',
    parent: 'engineering',
  },
  {
    name: 'payments',
    type: 'team',
    displayName: 'Payments',
    description: 'Payment processing and fraud detection.',
    parent: 'engineering',
  },
  {
    name: 'payments-ledger',
    type: 'sub-team',
    displayName: 'Payments Ledger',
    description: 'Ledger and billing; releases at the end of each sprint.',
    parent: 'payments',
  },
  {
    name: 'platform',
    type: 'team',
    displayName: 'Platform',
    description: 'API gateway, authentication and the developer portal.',
    parent: 'engineering',
  },
  {
    name: 'back-office',
    type: 'team',
    displayName: 'Back Office',
    description:
      'The legacy ERP: quarterly-ish release trains, manual operations.',
    parent: 'engineering',
  },
];

/** @public */
export const DEMO_USERS: readonly DemoUser[] = (
  [
    // Storefront: Berlin, one engineer in Lisbon; Amelia manages the team.
    ['amelia.hart', 'Amelia Hart', 'storefront', 'Europe/Berlin'],
    ['bruno.silva', 'Bruno Silva', 'storefront', 'Europe/Lisbon'],
    ['chen.wei', 'Chen Wei', 'storefront', 'Europe/Berlin'],
    ['kai.becker', 'Kai Becker', 'storefront', 'Europe/Berlin'],
    // Payments: New York and London.
    ['dana.kowalski', 'Dana Kowalski', 'payments', 'America/New_York'],
    ['emeka.obi', 'Emeka Obi', 'payments', 'Europe/London'],
    ['farah.haddad', 'Farah Haddad', 'payments-ledger', 'Europe/Berlin'],
    ['gustav.lind', 'Gustav Lind', 'payments-ledger', 'Europe/Stockholm'],
    // Platform: Los Angeles and Tokyo on one schedule.
    ['hana.sato', 'Hana Sato', 'platform', 'Asia/Tokyo'],
    ['ines.garcia', 'Ines Garcia', 'platform', 'America/Los_Angeles'],
    ['ivan.petrov', 'Ivan Petrov', 'back-office', 'America/New_York'],
    ['julia.moreau', 'Julia Moreau', 'back-office', 'America/New_York'],
  ] as const
).map(([name, displayName, team, timeZone]) => ({
  name,
  displayName,
  email: `${name}@example.com`,
  memberOf: [team],
  timeZone,
}));

/** Names of the users that are members of a group (not of its sub-groups). @public */
export function demoGroupMembers(group: string): string[] {
  return DEMO_USERS.filter(u => u.memberOf.includes(group)).map(u => u.name);
}

/** @public */
export const DEMO_DOMAINS: readonly DemoDomain[] = [
  {
    name: 'commerce',
    owner: 'engineering',
    description: 'Everything that sells, charges and books.',
  },
  {
    name: 'foundations',
    owner: 'platform',
    description: 'Shared platform capabilities used by every team.',
  },
];

/** @public */
export const DEMO_SYSTEMS: readonly DemoSystem[] = [
  {
    name: 'online-store',
    owner: 'storefront',
    domain: 'commerce',
    description: 'The customer-facing shop.',
  },
  {
    name: 'payment-processing',
    owner: 'payments',
    domain: 'commerce',
    description: 'Card payments, fraud checks, ledger and billing.',
  },
  {
    name: 'erp',
    owner: 'back-office',
    domain: 'commerce',
    description: 'The legacy enterprise resource planning suite.',
  },
  {
    name: 'shared-platform',
    owner: 'platform',
    domain: 'foundations',
    description: 'Gateway, identity, design system and developer portal.',
  },
];

/** @public */
export const DEMO_COMPONENTS: readonly DemoComponent[] = [
  {
    name: 'web-shop',
    type: 'website',
    lifecycle: 'production',
    owner: 'storefront',
    system: 'online-store',
    description: 'The shop front end.',
    consumesApis: ['checkout-api'],
    declaredIn: 'demo-catalog',
  },
  {
    name: 'checkout-service',
    type: 'service',
    lifecycle: 'production',
    owner: 'storefront',
    system: 'online-store',
    description: 'Turns carts into orders.',
    providesApis: ['checkout-api'],
    dependsOn: ['resource:orders-db'],
    declaredIn: 'demo-catalog',
  },
  {
    name: 'cart-service',
    type: 'service',
    lifecycle: 'production',
    owner: 'storefront',
    system: 'online-store',
    description: 'Shopping carts.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'payments-api',
    type: 'service',
    lifecycle: 'production',
    owner: 'payments',
    system: 'payment-processing',
    description: 'Card payment authorisation and capture.',
    consumesApis: ['auth-api'],
    declaredIn: 'demo-catalog',
  },
  {
    name: 'fraud-detection',
    type: 'service',
    lifecycle: 'production',
    owner: 'payments',
    system: 'payment-processing',
    description: 'Scores payments for fraud risk.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'ledger-service',
    type: 'service',
    lifecycle: 'production',
    owner: 'payments-ledger',
    system: 'payment-processing',
    description: 'Double-entry ledger of every payment.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'billing-batch',
    type: 'service',
    lifecycle: 'production',
    owner: 'payments-ledger',
    system: 'payment-processing',
    description: 'Nightly invoicing and settlement jobs.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'api-gateway',
    type: 'service',
    lifecycle: 'production',
    owner: 'platform',
    system: 'shared-platform',
    description: 'Edge routing, rate limiting and TLS termination.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'auth-service',
    type: 'service',
    lifecycle: 'production',
    owner: 'platform',
    system: 'shared-platform',
    description: 'Login, tokens and service-to-service identity.',
    providesApis: ['auth-api'],
    declaredIn: 'demo-catalog',
  },
  {
    name: 'design-system',
    type: 'library',
    lifecycle: 'production',
    owner: 'platform',
    system: 'shared-platform',
    description: 'Shared UI components. A library: it is never deployed.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'notifications-service',
    type: 'service',
    lifecycle: 'production',
    owner: 'platform',
    system: 'shared-platform',
    description:
      'Email and push notifications. Its CI reports deployments; it is not connected to the pager yet.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'search-service',
    type: 'service',
    lifecycle: 'experimental',
    owner: 'platform',
    system: 'shared-platform',
    description:
      'Product search. New: no source sends its events yet (no repository or PagerDuty annotation).',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'erp-core',
    type: 'service',
    lifecycle: 'production',
    owner: 'back-office',
    system: 'erp',
    description: 'Orders, stock and accounting of the legacy ERP.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'erp-reports',
    type: 'website',
    lifecycle: 'deprecated',
    owner: 'back-office',
    system: 'erp',
    description: 'Reporting portal of the legacy ERP.',
    declaredIn: 'demo-catalog',
  },
  {
    name: 'devops-insights',
    type: 'library',
    lifecycle: 'experimental',
    owner: 'platform',
    system: 'shared-platform',
    description:
      'DevOps Insights: DORA metrics for Backstage (this repository). Its deployments are releases of the developer portal that ships it.',
    declaredIn: 'repository-root',
  },
];

/** @public */
export const DEMO_APIS: readonly DemoApi[] = [
  {
    name: 'checkout-api',
    type: 'openapi',
    lifecycle: 'production',
    owner: 'storefront',
    system: 'online-store',
    description: 'Places orders for a cart.',
  },
  {
    name: 'auth-api',
    type: 'openapi',
    lifecycle: 'production',
    owner: 'platform',
    system: 'shared-platform',
    description: 'Issues and verifies tokens.',
  },
];

/** @public */
export const DEMO_RESOURCES: readonly DemoResource[] = [
  {
    name: 'orders-db',
    type: 'database',
    owner: 'storefront',
    system: 'online-store',
    description: 'PostgreSQL database of orders.',
  },
];

/** Full entity ref of a demo entity in the default namespace. @public */
export function demoEntityRef(
  kind:
    | 'component'
    | 'group'
    | 'user'
    | 'system'
    | 'domain'
    | 'api'
    | 'resource',
  name: string,
): string {
  return `${kind}:default/${name}`;
}

/** Names of the direct child groups of a group. @public */
export function demoGroupChildren(name: string): string[] {
  return DEMO_GROUPS.filter(g => g.parent === name).map(g => g.name);
}
