import { annotatedProduction, isProductionDeployment } from './deploymentInput';

describe('annotatedProduction', () => {
  it.each([
    {
      name: 'the annotation names the environment',
      envs: ['prod', 'eu-live'],
      env: 'EU-Live',
      result: true,
    },
    {
      name: 'the annotation leaves it out',
      envs: ['prod'],
      env: 'staging',
      result: false,
    },
    {
      name: 'no annotation: undecided',
      envs: undefined,
      env: 'production',
      result: undefined,
    },
  ])('$name', ({ envs, env, result }) => {
    expect(annotatedProduction({ productionEnvironments: envs }, env)).toBe(
      result,
    );
  });
});

describe('isProductionDeployment', () => {
  const backend = ['production', 'prod'];
  it.each([
    {
      name: 'its own flag wins',
      production: false,
      environment: 'production',
      result: false,
    },
    {
      name: 'its own flag wins',
      production: true,
      environment: 'staging',
      result: true,
    },
    {
      name: 'else the backend list, ignoring case',
      production: undefined,
      environment: 'Prod',
      result: true,
    },
    {
      name: 'else the backend list',
      production: undefined,
      environment: 'staging',
      result: false,
    },
  ])('$name ($environment)', ({ production, environment, result }) => {
    expect(isProductionDeployment({ production, environment }, backend)).toBe(
      result,
    );
  });
});
