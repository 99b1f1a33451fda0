import { CatalogReader } from './CachedCatalog';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  EventsResponse,
  EventValidationError,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsEventSink } from '@devops-insights/backstage-plugin-node';
import { EventStore, NormalizedEvent } from '../database/EventStore';
import { normalizeEntityRef } from './entityRefs';

/** A batch that failed validation; nothing of it was stored. */
export class EventBatchValidationError extends Error {
  readonly name = 'InputError';
  constructor(readonly errors: EventValidationError[]) {
    super(
      `${errors.length} validation error(s) in the events; nothing was stored`,
    );
  }
}

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
    },
  ) {}

  async ingest(events: unknown[]): Promise<EventsResponse> {
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
            production:
              event.production ??
              this.deps.productionEnvironments.includes(
                event.environment.toLocaleLowerCase('en-US'),
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
          });
          break;
        default:
          normalized.push({ ...event, entityRef });
      }
    });
    if (errors.length) throw new EventBatchValidationError(errors);

    // Before storing: a catalog that cannot answer fails the batch with
    // nothing stored, not after it was stored.
    const unknownEntityRefs = await this.findUnknownEntityRefs([
      ...new Set(normalized.map(e => e.entityRef)),
    ]);
    const { changedEntityRefs, ...counts } = await this.deps.store.upsert(
      normalized,
    );
    if (changedEntityRefs.length) this.deps.onStored?.(changedEntityRefs);
    return { ...counts, unknownEntityRefs };
  }

  private async findUnknownEntityRefs(refs: string[]): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    // The catalog is asked over HTTP even in-process; a kept-alive socket
    // the server closes as it is reused resets (seen under load by yarn
    // soak). The read is idempotent: ask again, a bounded number of times.
    for (let attempt = 1; ; attempt++) {
      try {
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          { entityRefs: refs, fields: ['kind', 'metadata.name'] },
          { credentials },
        );
        return refs.filter((_, i) => !items[i]);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 3 || code !== 'ECONNRESET') throw error;
      }
    }
  }
}
