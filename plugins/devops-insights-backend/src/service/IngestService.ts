import { CatalogReader } from './CachedCatalog';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  EventsResponse,
  EventValidationError,
  isProductionDeployment,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsEventSink,
  DevopsInsightsShiftReplacement,
  shiftReplacementErrors,
} from '@devops-insights/backstage-plugin-node';
import {
  EventStore,
  NormalizedEvent,
  UpsertOptions,
} from '../database/EventStore';
import { normalizeEntityRef } from './entityRefs';
import { InsightsTelemetry } from './telemetry';

/** A batch that failed validation; nothing of it was stored. */
export class EventBatchValidationError extends Error {
  readonly name = 'InputError';
  constructor(readonly errors: EventValidationError[]) {
    super(
      `${errors.length} validation error(s) in the events; nothing was stored`,
    );
  }
}

const isValidationError = (error: unknown) =>
  error instanceof EventBatchValidationError;

/** What a caller of the ingestion path may add to a batch. */
export type IngestOptions = UpsertOptions & {
  /** Who filed the batch's toil reports (the Toil tab's signed-in user). */
  reportedBy?: string;
};

/**
 * The one ingestion path: the events API, source modules and the demo all
 * end here. Validates all-or-nothing, normalises refs, and upserts.
 */
export class IngestService implements DevopsInsightsEventSink {
  constructor(
    private readonly deps: {
      store: EventStore;
      catalog: CatalogReader;
      auth: AuthService;
      logger: LoggerService;
      productionEnvironments: string[];
      /** Told which entities' rows changed, once they are stored. */
      onStored?: (changedEntityRefs: string[]) => void;
      telemetry?: InsightsTelemetry;
    },
  ) {
    this.telemetry = deps.telemetry ?? new InsightsTelemetry();
  }

  private readonly telemetry: InsightsTelemetry;

  /** Times one batch, and counts its events once they are stored. */
  private measured<T>(
    run: () => Promise<{ result: T; stored: NormalizedEvent[] }>,
  ) {
    return this.telemetry.timeIngestion(async () => {
      const { result, stored } = await run();
      this.telemetry.recordIngested(stored);
      return result;
    }, isValidationError);
  }

  ingest(
    events: unknown[],
    options: IngestOptions = {},
  ): Promise<EventsResponse> {
    return this.measured(async () => {
      const normalized = this.validate(events, options.reportedBy);
      return {
        result: await this.store(normalized, options),
        stored: normalized,
      };
    });
  }

  private async store(
    normalized: NormalizedEvent[],
    options: IngestOptions,
  ): Promise<EventsResponse> {
    // Before storing: a catalog that cannot answer fails the batch with
    // nothing stored, not after it was stored.
    const unknownEntityRefs = await this.unknownRefsOf(normalized);
    const { changedEntityRefs, ...counts } = await this.deps.store.upsert(
      normalized,
      { beforeWrite: options.beforeWrite },
    );
    if (changedEntityRefs.length) this.deps.onStored?.(changedEntityRefs);
    return { ...counts, unknownEntityRefs };
  }

  /**
   * The sink's shift replacement (see DevopsInsightsEventSink): validated as
   * `ingest` validates, plus the scope, then one store transaction.
   */
  replaceShifts(
    replacement: DevopsInsightsShiftReplacement,
  ): Promise<EventsResponse & { deleted: number }> {
    return this.measured(async () => {
      const normalized = this.validate(replacement.shifts);
      return {
        result: await this.storeShifts(replacement, normalized),
        stored: normalized,
      };
    });
  }

  private async storeShifts(
    replacement: DevopsInsightsShiftReplacement,
    normalized: NormalizedEvent[],
  ): Promise<EventsResponse & { deleted: number }> {
    const scopeErrors = shiftReplacementErrors(replacement);
    if (scopeErrors.length) throw new EventBatchValidationError(scopeErrors);
    const unknownEntityRefs = await this.unknownRefsOf(normalized);
    const { changedEntityRefs, deleted, ...counts } =
      await this.deps.store.replaceShifts(
        {
          source: replacement.source,
          idPrefix: replacement.idPrefix,
          from: Date.parse(replacement.from),
          to: Date.parse(replacement.to),
        },
        normalized,
      );
    if (changedEntityRefs.length) this.deps.onStored?.(changedEntityRefs);
    return { ...counts, unknownEntityRefs, deleted };
  }

  /**
   * Parses all-or-nothing and normalises refs (toil reports get their
   * reporter); throws on any error.
   */
  private validate(events: unknown[], reportedBy?: string): NormalizedEvent[] {
    const parsed = parseEvents(events);
    if (!parsed.ok) throw new EventBatchValidationError(parsed.errors);

    const errors: EventValidationError[] = [];
    const normalized: NormalizedEvent[] = [];
    // A batch names few distinct refs many times: each is normalised once.
    const refs = new Map<string, { ref: string } | { message: string }>();
    parsed.events.forEach((event, index) => {
      const ref = (path: string, value: string, kind?: 'user') => {
        const key = `${kind ?? ''}\u0000${value}`;
        let result = refs.get(key);
        if (!result) {
          try {
            result = { ref: normalizeEntityRef(value, kind) };
          } catch (error) {
            result = { message: (error as Error).message };
          }
          refs.set(key, result);
        }
        if ('ref' in result) return result.ref;
        errors.push({ index, path, message: result.message });
        return value;
      };
      const entityRef = ref('entityRef', event.entityRef);
      switch (event.type) {
        case 'deployment':
          normalized.push({
            ...event,
            entityRef,
            production: isProductionDeployment(
              event,
              this.deps.productionEnvironments,
            ),
          });
          break;
        case 'page':
        case 'oncall-shift':
          normalized.push({
            ...event,
            entityRef,
            userRef: ref('userRef', event.userRef, 'user'),
          });
          break;
        case 'toil-report':
          normalized.push({
            ...event,
            entityRef,
            ...(event.userRef && {
              userRef: ref('userRef', event.userRef, 'user'),
            }),
            ...(reportedBy && { reportedBy }),
          });
          break;
        default:
          normalized.push({ ...event, entityRef });
      }
    });
    if (errors.length) throw new EventBatchValidationError(errors);
    return normalized;
  }

  private unknownRefsOf(normalized: NormalizedEvent[]): Promise<string[]> {
    return this.findUnknownEntityRefs([
      ...new Set(normalized.map(e => e.entityRef)),
    ]);
  }

  private async findUnknownEntityRefs(refs: string[]): Promise<string[]> {
    if (!refs.length) return [];
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    return refs.filter((_, i) => !items[i]);
  }
}
