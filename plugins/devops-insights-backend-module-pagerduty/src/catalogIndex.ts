import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { UserResolver } from './mapping';
import { PdUser } from './types';

/**
 * Annotations read from catalog entities.
 *
 * @public
 */
export const PAGERDUTY_ANNOTATIONS = {
  /** PagerDuty's own; a comma-separated list is accepted here. */
  serviceId: 'pagerduty.com/service-id',
  /** PagerDuty's own; resolved to its service through the API. */
  integrationKey: 'pagerduty.com/integration-key',
  /** PagerDuty's own; which `pagerDuty.accounts[].id` the entity belongs to. */
  account: 'pagerduty.com/account',
  /** Ours, on Groups (or any entity): the team's schedules. */
  scheduleId: 'pagerduty.com/schedule-id',
  /** Ours, on Groups (or any entity): the team's escalation policies. */
  escalationPolicyId: 'pagerduty.com/escalation-policy-id',
  /** Ours, on Users: the PagerDuty user id, when the emails differ. */
  userId: 'pagerduty.com/user-id',
} as const;

export type EntityBinding = {
  entityRef: string;
  accountId: string;
  serviceIds: string[];
  integrationKeys: string[];
  scheduleIds: string[];
  policyIds: string[];
};

export type CatalogIndex = {
  bindings: EntityBinding[];
  /** Lower-cased profile email → user entity ref. */
  usersByEmail: Map<string, string>;
  /** PagerDuty user id (from the user annotation) → user entity ref. */
  usersByPagerDutyId: Map<string, string>;
};

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

/** Pure: the PagerDuty bindings and user identities of catalog entities. */
export function buildCatalogIndex(
  entities: Entity[],
  defaultAccountId: string,
): CatalogIndex {
  const bindings: EntityBinding[] = [];
  const usersByEmail = new Map<string, string>();
  const usersByPagerDutyId = new Map<string, string>();
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const entityRef = stringifyEntityRef(entity);
    if (entity.kind.toLowerCase() === 'user') {
      const email = (entity.spec?.profile as { email?: string } | undefined)
        ?.email;
      if (email) usersByEmail.set(email.trim().toLowerCase(), entityRef);
      const pdId = annotations[PAGERDUTY_ANNOTATIONS.userId]?.trim();
      if (pdId) usersByPagerDutyId.set(pdId, entityRef);
      continue;
    }
    const binding: EntityBinding = {
      entityRef,
      accountId:
        annotations[PAGERDUTY_ANNOTATIONS.account]?.trim() || defaultAccountId,
      serviceIds: list(annotations[PAGERDUTY_ANNOTATIONS.serviceId]),
      integrationKeys: list(annotations[PAGERDUTY_ANNOTATIONS.integrationKey]),
      scheduleIds: list(annotations[PAGERDUTY_ANNOTATIONS.scheduleId]),
      policyIds: list(annotations[PAGERDUTY_ANNOTATIONS.escalationPolicyId]),
    };
    if (
      binding.serviceIds.length ||
      binding.integrationKeys.length ||
      binding.scheduleIds.length ||
      binding.policyIds.length
    ) {
      bindings.push(binding);
    }
  }
  bindings.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  return { bindings, usersByEmail, usersByPagerDutyId };
}

/** Reads the entities that carry PagerDuty annotations, and all users. */
export async function loadCatalogIndex(
  catalog: CatalogService,
  auth: AuthService,
  defaultAccountId: string,
): Promise<CatalogIndex> {
  const credentials = await auth.getOwnServiceCredentials();
  const annotated = await catalog.getEntities(
    {
      filter: [
        PAGERDUTY_ANNOTATIONS.serviceId,
        PAGERDUTY_ANNOTATIONS.integrationKey,
        PAGERDUTY_ANNOTATIONS.scheduleId,
        PAGERDUTY_ANNOTATIONS.escalationPolicyId,
      ].map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
    },
    { credentials },
  );
  const users = await catalog.getEntities(
    {
      filter: { kind: 'user' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.profile.email',
      ],
    },
    { credentials },
  );
  return buildCatalogIndex(
    [
      ...annotated.items.filter(e => e.kind.toLowerCase() !== 'user'),
      ...users.items,
    ],
    defaultAccountId,
  );
}

/**
 * PagerDuty user → catalog user: the user annotation wins, then the profile
 * email (case-insensitive). The PagerDuty time zone travels along.
 */
export function createUserResolver(
  index: CatalogIndex,
  pagerDutyUsers: Map<string, PdUser>,
): UserResolver {
  return pagerDutyUserId => {
    const pdUser = pagerDutyUsers.get(pagerDutyUserId);
    const userRef =
      index.usersByPagerDutyId.get(pagerDutyUserId) ??
      (pdUser?.email
        ? index.usersByEmail.get(pdUser.email.trim().toLowerCase())
        : undefined);
    if (!userRef) return undefined;
    return { userRef, timeZone: validTimeZone(pdUser?.time_zone) };
  };
}

function validTimeZone(zone: string | undefined) {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format(0);
    return zone;
  } catch {
    // PagerDuty also knows Rails zone names ("Eastern Time (US & Canada)").
    return undefined;
  }
}

/**
 * The entity an incident of `serviceId` in `accountId` belongs to. An event id
 * can only have one entity, so when several claim a service the first by ref
 * wins (bindings are sorted) and the caller warns.
 */
export function entitiesOfService(
  index: CatalogIndex,
  accountId: string,
  serviceId: string,
  resolvedIntegrationServices: Map<string, string> = new Map(),
): string[] {
  return index.bindings
    .filter(
      b =>
        b.accountId === accountId &&
        (b.serviceIds.includes(serviceId) ||
          b.integrationKeys.some(
            key => resolvedIntegrationServices.get(key) === serviceId,
          )),
    )
    .map(b => b.entityRef);
}
