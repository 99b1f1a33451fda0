import type {
  CoverageResponse,
  SourceStatus,
} from '@devops-insights/backstage-plugin-common';

export type SourceSummary = {
  source: string;
  /** The freshest successful sync over the source's targets. */
  lastSuccessAt: string | null;
  /** Targets whose last attempt failed after their last success (or never succeeded). */
  failing: SourceStatus[];
};

/** A target is failing when its latest error is newer than its latest success. */
export function isFailing(status: SourceStatus): boolean {
  if (!status.lastError) return false;
  if (!status.lastSuccessAt) return true;
  return Date.parse(status.lastError.at) > Date.parse(status.lastSuccessAt);
}

/** One line per source (github, pagerduty, …), by name. */
export function summarizeSources(statuses: SourceStatus[]): SourceSummary[] {
  const bySource = new Map<string, SourceSummary>();
  for (const status of statuses) {
    const summary = bySource.get(status.source) ?? {
      source: status.source,
      lastSuccessAt: null,
      failing: [],
    };
    if (
      status.lastSuccessAt &&
      (!summary.lastSuccessAt ||
        Date.parse(status.lastSuccessAt) > Date.parse(summary.lastSuccessAt))
    ) {
      summary.lastSuccessAt = status.lastSuccessAt;
    }
    if (isFailing(status)) summary.failing.push(status);
    bySource.set(status.source, summary);
  }
  return [...bySource.values()].sort((a, b) =>
    a.source.localeCompare(b.source),
  );
}

/** A source feeding an entity's scope: its latest event and how many entities it feeds. */
export type EntitySource = {
  source: string;
  lastEventAt: string | null;
  entities: number;
};

/** The sources feeding any entity of the coverage, by name. */
export function entitySources(coverage: CoverageResponse): EntitySource[] {
  const bySource = new Map<string, EntitySource>();
  for (const entity of coverage.entities) {
    for (const s of entity.sources) {
      const entry = bySource.get(s.source) ?? {
        source: s.source,
        lastEventAt: null,
        entities: 0,
      };
      entry.entities += 1;
      if (
        s.lastEventAt &&
        (!entry.lastEventAt ||
          Date.parse(s.lastEventAt) > Date.parse(entry.lastEventAt))
      ) {
        entry.lastEventAt = s.lastEventAt;
      }
      bySource.set(s.source, entry);
    }
  }
  return [...bySource.values()].sort((a, b) =>
    a.source.localeCompare(b.source),
  );
}
