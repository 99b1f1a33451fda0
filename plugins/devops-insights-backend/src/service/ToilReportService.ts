import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  devopsInsightsToilReportPermission,
  EventsResponse,
  isoWeekMonday,
  Page,
  TimeWindow,
  ToilReportListItem,
} from '@devops-insights/backstage-plugin-common';
import { randomUUID } from 'node:crypto';
import { ToilReportStore } from '../database/ToilReportStore';
import { normalizeEntityRef } from './entityRefs';
import { EventBatchValidationError, IngestService } from './IngestService';
import { ScopeResolver } from './ScopeResolver';

/** The source of reports filed from the Toil tab; their ids are ours. */
export const TOIL_TAB_SOURCE = 'backstage';

/** What the Toil tab's form sends; the rest of the event is the server's. */
export type ToilReportInput = {
  entityRef: string;
  week: string;
  hours: number;
  category: string;
  description?: string;
};

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Floating-point slack when summing quarter hours. */
const EPSILON = 1e-9;

/**
 * Toil reports filed by people from the Toil tab: who may file them, how many
 * hours one person may report per week, the list, and deletion.
 *
 * Who may report for an entity is the permission `devops-insights.toil.report`
 * on the catalog entity: DENY refuses; a conditional decision (catalog rules
 * such as IS_ENTITY_OWNER) is applied to the entity by the catalog and taken
 * as the whole answer; an unconditional ALLOW (the allow-all policy) still
 * leaves only members of the entity's owning team(s), the people whose hours
 * make the capacity the reports are a share of.
 */
export class ToilReportService {
  constructor(
    private readonly deps: {
      scopes: ScopeResolver;
      store: ToilReportStore;
      ingest: IngestService;
      permissions: PermissionsService;
      /** One person's working hours in a week: the bound per person-week. */
      hoursPerWeek: number;
    },
  ) {}

  async create(
    input: ToilReportInput,
    userEntityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EventsResponse> {
    const entity = await this.visibleEntity(
      normalizeEntityRef(input.entityRef),
      credentials,
    );
    const ref = refOf(entity);
    const person = normalizeEntityRef(userEntityRef, 'user');
    if (!(await this.reportable([entity], person, credentials)).has(ref)) {
      throw new NotAllowedError(
        `Only members of the team owning ${ref} may report toil for it (permission ${devopsInsightsToilReportPermission.name})`,
      );
    }
    const limit = this.deps.hoursPerWeek;
    return this.deps.ingest.ingest(
      [
        {
          type: 'toil-report',
          source: TOIL_TAB_SOURCE,
          id: randomUUID(),
          userRef: person,
          ...input,
          entityRef: ref,
        },
      ],
      {
        reportedBy: person,
        // Runs once the event is valid, in the write transaction.
        beforeWrite: async tx => {
          const weekStart = isoWeekMonday(input.week)!;
          const before = await ToilReportStore.weekHoursLocked(
            tx,
            person,
            weekStart,
          );
          if (before + input.hours > limit + EPSILON) {
            const left = Math.max(limit - before, 0);
            throw new EventBatchValidationError([
              {
                index: 0,
                path: 'hours',
                message: `at most ${limit} h of toil per person and ISO week (devopsInsights.toil.hoursPerWeek); ${person} has ${before} h reported for ${input.week}, so at most ${left} h more`,
              },
            ]);
          }
        },
      },
    );
  }

  async list(
    entityRef: string,
    window: TimeWindow,
    page: { limit: number; offset: number },
    userEntityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<Page<ToilReportListItem>> {
    const entity = await this.visibleEntity(
      normalizeEntityRef(entityRef),
      credentials,
    );
    const scope = await this.deps.scopes.resolve(entity, credentials);
    const rows = await this.deps.store.list(scope.activityRefs, window);
    const shown = rows.slice(page.offset, page.offset + page.limit);
    const me = userEntityRef && normalizeEntityRef(userEntityRef, 'user');
    // Others' reports may be deleted by whoever may report for their entity.
    const entities: Entity[] = [];
    for (const ref of new Set(
      shown
        .filter(r => me && r.source === TOIL_TAB_SOURCE && r.reportedBy !== me)
        .map(r => r.entityRef),
    )) {
      const found = await this.deps.scopes.entity(ref, credentials);
      if (found) entities.push(found);
    }
    const reportable = me
      ? await this.reportable(entities, me, credentials)
      : new Set<string>();
    return {
      items: shown.map(r => ({
        source: r.source,
        id: r.id,
        entityRef: r.entityRef,
        week: r.week,
        hours: r.hours,
        category: r.category,
        description: r.description,
        userRef: r.userRef,
        reportedBy: r.reportedBy,
        canDelete:
          r.source === TOIL_TAB_SOURCE &&
          !!me &&
          (r.reportedBy === me || reportable.has(r.entityRef)),
      })),
      totalCount: rows.length,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /** Deletes a report filed from the Toil tab: by its reporter or a member. */
  async delete(
    id: string,
    userEntityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    // Ids are ours (randomUUID); anything else is no report, and never
    // reaches the database (which may refuse some characters).
    const report = UUID.test(id)
      ? await this.deps.store.find(TOIL_TAB_SOURCE, id)
      : undefined;
    const entity =
      report && (await this.deps.scopes.entity(report.entityRef, credentials));
    if (!report || !entity) throw new NotFoundError(`No toil report ${id}`);
    const me = normalizeEntityRef(userEntityRef, 'user');
    if (
      report.reportedBy !== me &&
      !(await this.reportable([entity], me, credentials)).has(refOf(entity))
    ) {
      throw new NotAllowedError(
        `Only its reporter or members of the team owning ${report.entityRef} may delete toil report ${id}`,
      );
    }
    if (!(await this.deps.store.delete(TOIL_TAB_SOURCE, id))) {
      throw new NotFoundError(`No toil report ${id}`);
    }
  }

  private async visibleEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.scopes.entity(ref, credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    return entity;
  }

  /** Refs of the entities the caller may report toil for (see the class). */
  private async reportable(
    entities: Entity[],
    me: string,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = entities.map(refOf);
    if (!refs.length) return new Set();
    const permission = devopsInsightsToilReportPermission;
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return new Set();
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      // The permission framework has the catalog apply its conditions to
      // each entity.
      const decisions = await this.deps.permissions.authorize(
        refs.map(resourceRef => ({ permission, resourceRef })),
        { credentials },
      );
      return new Set(
        refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
      );
    }
    const allowed = new Set<string>();
    for (const entity of entities) {
      const { members } = await this.deps.scopes.resolve(entity, credentials);
      if (members.includes(me)) allowed.add(refOf(entity));
    }
    return allowed;
  }
}
