import {
  CoverageHint,
  CoverageNeed,
  CoverageSource,
  CoverageSummary,
  EntityCoverage,
} from '../api';

/**
 * Coverage: which sources feed an entity, and which figures it cannot
 * contribute to because nothing sends their events. Decided from the stored
 * rows (the latest event per source and event type) and the entity's
 * catalog annotations; never from configuration alone, since a configured
 * source that sends nothing still leaves the figure blind.
 */

/** The latest stored event of one source and event type for an entity. @public */
export type LastEvent = {
  source: string;
  eventType: string;
  /** Epoch ms of the event's own time; null when the rows carry none. */
  at: number | null;
};

/** A rotation still counts this long after its last shift ended. @public */
export const ROTATION_GRACE_MS = 14 * 24 * 3600 * 1000;

const WELL_KNOWN =
  'https://backstage.io/docs/features/software-catalog/well-known-annotations';

/**
 * The annotations that let a source module feed each need, with where they
 * are documented. The events API needs none (send events naming the entity).
 * @public
 */
export const COVERAGE_ANNOTATIONS: Record<
  CoverageNeed,
  { annotations: string[]; docsUrl: string }
> = {
  deployments: {
    annotations: ['github.com/project-slug', 'gitlab.com/project-slug'],
    docsUrl: `${WELL_KNOWN}#githubcomproject-slug`,
  },
  incidents: {
    annotations: ['pagerduty.com/service-id'],
    docsUrl: `${WELL_KNOWN}#pagerdutycomservice-id`,
  },
  rotation: {
    // Ours, on the entity or its owning Group (docs/pagerduty.md).
    annotations: [
      'pagerduty.com/schedule-id',
      'pagerduty.com/escalation-policy-id',
    ],
    docsUrl: `${WELL_KNOWN}#pagerdutycomservice-id`,
  },
};

/**
 * One entity's coverage. `shiftEnds` holds, for the entity and each of its
 * owners, the end of its latest shift (Infinity for a permanent one): a
 * rotation covers the entity when one of them ends after `now` minus
 * {@link ROTATION_GRACE_MS}.
 * @public
 */
export function entityCoverageOf(input: {
  entityRef: string;
  lastEvents: readonly LastEvent[];
  annotations: Readonly<Record<string, string>>;
  shiftEnds: readonly number[];
  now: number;
}): EntityCoverage {
  const bySource = new Map<string, CoverageSource & { at: number | null }>();
  for (const e of input.lastEvents) {
    const entry = bySource.get(e.source) ?? {
      source: e.source,
      eventTypes: [],
      lastEventAt: null,
      at: null,
    };
    if (!entry.eventTypes.includes(e.eventType)) entry.eventTypes.push(e.eventType);
    if (e.at !== null && (entry.at === null || e.at > entry.at)) entry.at = e.at;
    bySource.set(e.source, entry);
  }
  const sources = [...bySource.values()]
    .sort((a, b) => a.source.localeCompare(b.source, 'en'))
    .map(({ at, ...s }) => ({
      ...s,
      eventTypes: [...s.eventTypes].sort(),
      lastEventAt: at === null ? null : new Date(at).toISOString(),
    }));
  const has = (type: string) =>
    input.lastEvents.some(e => e.eventType === type);
  const covered: Record<CoverageNeed, boolean> = {
    deployments: has('deployment'),
    incidents: has('incident'),
    rotation: input.shiftEnds.some(
      end => end > input.now - ROTATION_GRACE_MS,
    ),
  };
  const missing: CoverageHint[] = (
    Object.keys(COVERAGE_ANNOTATIONS) as CoverageNeed[]
  )
    .filter(need => !covered[need])
    .map(need => {
      const { annotations, docsUrl } = COVERAGE_ANNOTATIONS[need];
      return {
        need,
        annotations,
        present: annotations.filter(a => Boolean(input.annotations[a])),
        docsUrl,
      };
    });
  return { entityRef: input.entityRef, sources, ...covered, missing };
}

/** How many entities have each kind of source. @public */
export function coverageSummaryOf(
  entities: readonly EntityCoverage[],
): CoverageSummary {
  const count = (need: CoverageNeed) => entities.filter(e => e[need]).length;
  return {
    entities: entities.length,
    deployments: count('deployments'),
    incidents: count('incidents'),
    rotation: count('rotation'),
  };
}
