import type { LeadTimeForChanges } from '@devops-insights/backstage-plugin-common';

export type StageKey = 'coding' | 'review' | 'deploy';

export type Stage = {
  key: StageKey;
  label: string;
  description: string;
  medianSeconds: number | null;
};

export function leadTimeStages(leadTime: LeadTimeForChanges): Stage[] {
  const { stages } = leadTime;
  return [
    {
      key: 'coding',
      label: 'Coding',
      description: 'first commit → pull request opened',
      medianSeconds: stages.codingMedianSeconds,
    },
    {
      key: 'review',
      label: 'Review',
      description: 'pull request opened → merged',
      medianSeconds: stages.reviewMedianSeconds,
    },
    {
      key: 'deploy',
      label: 'Waiting for deploy',
      description: 'merged → in production',
      medianSeconds: stages.deployMedianSeconds,
    },
  ];
}

/** The stage with the longest median, or undefined when none has data. */
export function slowestStage(stages: Stage[]): Stage | undefined {
  return stages.reduce<Stage | undefined>((slowest, stage) => {
    if (stage.medianSeconds === null) return slowest;
    if (!slowest || stage.medianSeconds > slowest.medianSeconds!) return stage;
    return slowest;
  }, undefined);
}
