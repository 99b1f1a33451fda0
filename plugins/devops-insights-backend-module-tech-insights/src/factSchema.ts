import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  GOAL_METRIC_NAMES,
  GOAL_METRICS,
  goalAnnotation,
  GoalMetric,
} from '@devops-insights/backstage-plugin-common';

/**
 * The id under which Tech Insights stores the facts, schedules the retriever
 * (`techInsights.factRetrievers.devopsInsightsFactRetriever`) and checks name
 * them (`factIds`).
 * @public
 */
export const DEVOPS_INSIGHTS_FACT_RETRIEVER_ID = 'devopsInsightsFactRetriever';

/**
 * Version of the facts' schema. Tech Insights keeps every version it has seen
 * and serves the highest: raise the minor version when a fact is added (with
 * `since`), the major one when a fact is renamed, removed or changes meaning.
 * @public
 */
export const DEVOPS_INSIGHTS_FACTS_VERSION = '1.1.0';

/** Length of the window the facts cover, ending at the start of the current UTC day. */
export const FACTS_WINDOW_DAYS = 30;

/**
 * Marks a fact every entity gets (`metadata.alwaysPresent`); every other fact
 * is left out when there is no data for it, never published as 0.
 */
const always = { alwaysPresent: true } as const;
const seconds = { unit: 'seconds' } as const;
const ratio = { unit: 'ratio 0-1' } as const;
const band = 'Performance band of the figure: elite, high, medium or low';

/** The fact of whether a metric's figure meets its goal. */
export const goalStatusFact = (metric: GoalMetric) => `${metric}GoalStatus`;

/** Added in 1.1.0: the goals of the entity's figures (docs/goals.md). */
const GOAL_FACTS: FactSchema = {
  goals: {
    type: 'integer',
    description:
      'Goals that apply to the figures (set on the entity, its owning group or its parents, or by default in config)',
    since: '1.1.0',
    metadata: always,
  },
  goalsMet: {
    type: 'integer',
    description: 'Goals whose figure meets them',
    since: '1.1.0',
    metadata: always,
  },
  goalsMissed: {
    type: 'integer',
    description:
      'Goals whose figure misses them (goals − met − missed have no data)',
    since: '1.1.0',
    metadata: always,
  },
  ...Object.fromEntries(
    (Object.keys(GOAL_METRICS) as GoalMetric[]).map(metric => [
      goalStatusFact(metric),
      {
        type: 'string',
        description: `Whether ${GOAL_METRIC_NAMES[metric].toLocaleLowerCase(
          'en-US',
        )} meets its goal (${goalAnnotation(
          metric,
        )} or inherited): met or missed; absent without a goal or without data`,
        since: '1.1.0',
      },
    ]),
  ),
};

/**
 * The facts published per component, with the API figure each comes from.
 * Durations are seconds, ratios 0–1, as in the DevOps Insights API.
 * @public
 */
export const devopsInsightsFactSchema: FactSchema = {
  windowDays: {
    type: 'integer',
    description: `Days the figures cover: the ${FACTS_WINDOW_DAYS} days before the start of the UTC day of the run`,
    metadata: always,
  },
  deployments: {
    type: 'integer',
    description: 'Successful production deployments in the window',
    metadata: always,
  },
  deploymentsPerDay: {
    type: 'float',
    description: 'Deployment frequency: production deployments per day',
    metadata: { unit: 'per day' },
  },
  deploymentFrequencyBand: { type: 'string', description: band },
  leadTimeMedianSeconds: {
    type: 'float',
    description: 'Lead time for changes: median from first commit to production',
    metadata: seconds,
  },
  leadTimeBand: { type: 'string', description: band },
  changeFailureRate: {
    type: 'float',
    description: 'Share of production deployments that failed',
    metadata: ratio,
  },
  changeFailureRateBand: { type: 'string', description: band },
  timeToRestoreMedianSeconds: {
    type: 'float',
    description: 'Time to restore service: median over resolved incidents',
    metadata: seconds,
  },
  timeToRestoreBand: { type: 'string', description: band },
  recoveryTimeMedianSeconds: {
    type: 'float',
    description:
      'Failed deployment recovery time: median from a failed deployment to its recovery (DORA defines no bands)',
    metadata: seconds,
  },
  reworkRate: {
    type: 'float',
    description:
      'Share of production deployments that remediate an incident (DORA defines no bands)',
    metadata: ratio,
  },
  toilShare: {
    type: 'float',
    description: "Share of the owning teams' capacity spent on toil",
    metadata: ratio,
  },
  toilStatus: {
    type: 'string',
    description:
      "Toil against Google SRE's 50 % cap: healthy, at-risk or over-cap",
  },
  pagesPer12h: {
    type: 'float',
    description: 'Interrupting pages per 12 h of level-1 on-call time',
    metadata: { unit: 'per 12 h shift' },
  },
  ...GOAL_FACTS,
};
