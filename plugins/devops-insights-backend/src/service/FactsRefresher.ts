import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Derives the facts of entities whose rows ingestion just stored, so the next
 * request finds them ready (requests still check versions: this only saves
 * them the work).
 *
 * One round at a time: entities changed while a round derives wait for the
 * next, which takes them all at once. Deriving an entity reads its whole
 * history, so during a backfill (many batches a second touching the same
 * services) deriving after every batch grew with the square of the history
 * and took most of ingestion's CPU; now an entity is derived at most once per
 * round however many batches touched it.
 */
export class FactsRefresher {
  private queued = new Set<string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly derive: (entityRefs: string[]) => Promise<unknown>,
    private readonly logger: LoggerService,
  ) {}

  /** Queues these entities for the next round (starting one if none runs). */
  changed(entityRefs: string[]): void {
    for (const ref of entityRefs) this.queued.add(ref);
    this.running ??= this.rounds();
  }

  /** Resolves once nothing is queued or being derived. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async rounds() {
    try {
      while (this.queued.size) {
        // Let the batch that queued these finish answering first.
        await new Promise(resolve => setImmediate(resolve));
        const refs = [...this.queued];
        this.queued = new Set();
        await this.derive(refs).catch(error =>
          this.logger.warn(`Could not derive metric facts: ${error}`),
        );
      }
    } finally {
      // Synchronously after the loop's last check: a change queued from now
      // on starts a new round.
      this.running = undefined;
    }
  }
}
