import type {
  BreakdownResponse,
  BreakdownRow,
  EntityCoverage,
} from '@devops-insights/backstage-plugin-common';
import { doraMetrics, emptyDoraMetrics } from './rollupFixtures';

const WELL_KNOWN =
  'https://backstage.io/docs/features/software-catalog/well-known-annotations';

/** Coverage of an entity fed by the given sources (all needs met unless missing). */
export function coverage(
  entityRef: string,
  sources: string[],
  missing: Array<'deployments' | 'incidents' | 'rotation'> = [],
  present: string[] = [],
): EntityCoverage {
  const annotations = {
    deployments: ['github.com/project-slug', 'gitlab.com/project-slug'],
    incidents: ['pagerduty.com/service-id'],
    rotation: ['pagerduty.com/schedule-id'],
  };
  return {
    entityRef,
    sources: sources.map(source => ({
      source,
      eventTypes: ['deployment'],
      lastEventAt: '2026-05-01T10:00:00.000Z',
    })),
    deployments: !missing.includes('deployments'),
    incidents: !missing.includes('incidents'),
    rotation: !missing.includes('rotation'),
    missing: missing.map(need => ({
      need,
      annotations: annotations[need],
      present: present.filter(a => annotations[need].includes(a)),
      docsUrl: `${WELL_KNOWN}#${need}`,
    })),
  };
}

const row = (
  entityRef: string,
  ownerRef: string,
  perDay: number | null,
  entityCoverage: EntityCoverage,
): BreakdownRow => ({
  entityRef,
  ownerRef,
  coverage: entityCoverage,
  dora: {
    current: perDay === null ? emptyDoraMetrics() : doraMetrics({ perDay }),
    previous: doraMetrics({ perDay: 1 }),
  },
  toil: { hours: perDay === null ? null : 3, topSignal: null },
  onCall: {
    incidents: 2,
    pages: 3,
    pagesPer12h: 0.5,
    mttaSeconds: 60,
    mttrSeconds: 3600,
    rotation: true,
  },
});

/**
 * payments owns checkout (deployments, no incident source); its sub-team
 * payments-mobile owns wallet (fully covered) and wallet-api (no source).
 */
export function breakdownResponse(
  tab: BreakdownResponse['tab'] = 'dora',
): BreakdownResponse {
  return {
    entityRef: 'group:default/payments',
    tab,
    window: {
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
    },
    previousWindow: {
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    },
    rows: [
      row(
        'api:default/wallet-api',
        'group:default/payments-mobile',
        null,
        coverage(
          'api:default/wallet-api',
          [],
          ['deployments', 'incidents', 'rotation'],
          ['github.com/project-slug'],
        ),
      ),
      row(
        'component:default/checkout',
        'group:default/payments',
        2,
        coverage('component:default/checkout', ['github'], ['incidents']),
      ),
      row(
        'component:default/wallet',
        'group:default/payments-mobile',
        0.5,
        coverage('component:default/wallet', ['github', 'pagerduty']),
      ),
    ],
    teamLevel: { toilHours: 0, pages: 0 },
    coverage: { entities: 3, deployments: 2, incidents: 1, rotation: 2 },
  };
}
