import {
  ciRunEventSchema,
  deploymentEventSchema,
} from '@devops-insights/backstage-plugin-common';
import { deployment, pipeline } from './__testUtils__/scenario';
import {
  deploymentState,
  isProduction,
  mapDeployment,
  mapPipeline,
  pipelineAttempt,
  pipelineState,
} from './mapping';
import { ResolvedProject } from './types';

const project: ResolvedProject = {
  host: 'gitlab.com',
  project: '42',
  id: 42,
  path: 'Acme/Billing',
  entityRef: 'component:default/billing',
};

describe('GitLab mapping', () => {
  it('produces valid events with lower-cased path ids', () => {
    const d = mapDeployment(
      project,
      deployment(7, '2026-03-01T00:00:00Z', 'abc'),
      'production',
    );
    expect(d.id).toBe('acme/billing#7');
    expect(deploymentEventSchema.safeParse(d).success).toBe(true);
    const p = mapPipeline(project, pipeline(9, '2026-03-01T00:00:00Z'), 3);
    expect(p.id).toBe('acme/billing#9#3');
    expect(ciRunEventSchema.safeParse(p).success).toBe(true);
  });

  it('decides production by annotation, then tier, else leaves it to the backend', () => {
    expect(
      isProduction(
        { ...project, productionEnvironments: ['live'] },
        'Live',
        'staging',
      ),
    ).toBe(true);
    expect(isProduction(project, 'eu', 'production')).toBe(true);
    expect(isProduction(project, 'production', 'staging')).toBe(false);
    expect(isProduction(project, 'production', undefined)).toBeUndefined();
  });

  it.each([
    ['success', 'success'],
    ['failed', 'failure'],
    ['canceled', 'cancelled'],
    ['blocked', 'in_progress'],
  ] as const)('maps deployment status %s to %s', (status, expected) => {
    expect(deploymentState(status)).toBe(expected);
  });

  it.each([
    ['manual', 'in_progress'],
    ['skipped', 'cancelled'],
    ['failed', 'failure'],
  ])('maps pipeline status %s to %s', (status, expected) => {
    expect(pipelineState(status)).toBe(expected);
  });

  it('counts the attempt from the most retried job', () => {
    expect(pipelineAttempt([])).toBe(1);
    expect(
      pipelineAttempt([
        { id: 1, name: 'a', status: 'failed', retried: true },
        { id: 2, name: 'a', status: 'failed', retried: true },
        { id: 3, name: 'a', status: 'success' },
        { id: 4, name: 'b', status: 'failed', retried: true },
      ]),
    ).toBe(3);
  });
});
