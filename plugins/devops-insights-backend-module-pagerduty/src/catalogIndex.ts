import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
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
  scheduleId: 'devops-insights.io/pagerduty-schedule-id',
  /** Ours, on Groups (or any entity): the team's escalation policies. */
  escalationPolicyId: 'devops-insights.io/pagerduty-escalation-policy-id',
  /** Ours, on Users: the PagerDuty user id, when the emails differ. */
  userId: 'devops-insights.io/pagerduty-user-id',
} as const;

/**
 * Our former names of our annotations, under PagerDuty's prefix (which is
 * not ours to extend). Still read when the new name is absent, with a
 * deprecation warning once per entity.
 */
export const DEPRECATED_PAGERDUTY_ANNOTATIONS = {
  scheduleId: 'pagerduty.com/schedule-id',
  escalationPolicyId: 'pagerduty.com/escalation-policy-id',
  userId: 'pagerduty.com/user-id',
} as const;

type RenamedAnnotation = keyof typeof DEPRECATED_PAGERDUTY_ANNOTATIONS;

/** An entity that still uses a deprecated annotation name. */
export type DeprecatedAnnotationUse = {
  entityRef: string;
  annotation: string;
  replacement: string;
};

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
  /** Entities read through a deprecated annotation name. */
  deprecatedAnnotations: DeprecatedAnnotationUse[];
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
  const deprecatedAnnotations: DeprecatedAnnotationUse[] = [];
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const entityRef = stringifyEntityRef(entity);
    /** Our annotation by its name, else by its deprecated name. */
    const renamed = (key: RenamedAnnotation) => {
      const current = annotations[PAGERDUTY_ANNOTATIONS[key]];
      if (current !== undefined) return current;
      const old = annotations[DEPRECATED_PAGERDUTY_ANNOTATIONS[key]];
      if (old !== undefined) {
        deprecatedAnnotations.push({
          entityRef,
          annotation: DEPRECATED_PAGERDUTY_ANNOTATIONS[key],
          replacement: PAGERDUTY_ANNOTATIONS[key],
        });
      }
      return old;
    };
    if (entity.kind.toLowerCase() === 'user') {
      const email = (entity.spec?.profile as { email?: string } | undefined)
        ?.email;
      if (email) usersByEmail.set(email.trim().toLowerCase(), entityRef);
      const pdId = renamed('userId')?.trim();
      if (pdId) usersByPagerDutyId.set(pdId, entityRef);
      continue;
    }
    const binding: EntityBinding = {
      entityRef,
      accountId:
        annotations[PAGERDUTY_ANNOTATIONS.account]?.trim() || defaultAccountId,
      serviceIds: list(annotations[PAGERDUTY_ANNOTATIONS.serviceId]),
      integrationKeys: list(annotations[PAGERDUTY_ANNOTATIONS.integrationKey]),
      scheduleIds: list(renamed('scheduleId')),
      policyIds: list(renamed('escalationPolicyId')),
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
  return { bindings, usersByEmail, usersByPagerDutyId, deprecatedAnnotations };
}

/**
 * Logs once per entity (per process: the index is rebuilt every sync, and
 * `warned` remembers whom it told) which deprecated annotation names it uses.
 */
export function warnDeprecatedAnnotations(
  index: CatalogIndex,
  logger: LoggerService,
  warned: Set<string>,
): void {
  const byEntity = new Map<string, DeprecatedAnnotationUse[]>();
  for (const use of index.deprecatedAnnotations) {
    if (warned.has(use.entityRef)) continue;
    byEntity.set(use.entityRef, [...(byEntity.get(use.entityRef) ?? []), use]);
  }
  for (const [entityRef, uses] of byEntity) {
    warned.add(entityRef);
    logger.warn(
      `${entityRef} uses deprecated annotation names: ${uses
        .map(u => `${u.annotation} (now ${u.replacement})`)
        .join(', ')}; the old names are still read for now`,
    );
  }
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
        DEPRECATED_PAGERDUTY_ANNOTATIONS.scheduleId,
        DEPRECATED_PAGERDUTY_ANNOTATIONS.escalationPolicyId,
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
