import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { GoalMetric } from '@devops-insights/backstage-plugin-common';
import { GoalNudge } from './GoalNudger';

const NAMES: Record<GoalMetric, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  timeToRestore: 'Time to restore',
  recoveryTime: 'Failed deployment recovery time',
  reworkRate: 'Rework rate',
  toilShare: 'Toil share',
  pagesPer12h: 'Pages per 12 h on call',
  offHoursPagesPerWeek: 'Off-hours pages per responder a week',
};

/** The tab a metric is shown on. */
const tabOf = (metric: GoalMetric) => {
  if (metric === 'toilShare') return 'toil';
  if (metric === 'pagesPer12h' || metric === 'offHoursPagesPerWeek') {
    return 'oncall';
  }
  return 'dora';
};

/**
 * A nudge as a Backstage notification to the team: its `scope` is the
 * nudge's key, so the notifications backend also folds a repeat into the
 * same notification; the link opens the team's tab on that week.
 */
export function notificationOf(nudge: GoalNudge): NotificationSendOptions {
  const { kind, namespace, name } = parseEntityRef(nudge.groupRef);
  const iso = (ms: number) => new Date(ms).toISOString();
  const week = iso(nudge.week.from).slice(0, 10);
  const what =
    nudge.reason === 'missed-goal'
      ? 'missed its goal after meeting it the week before'
      : 'dropped a performance band';
  return {
    recipients: { type: 'entity', entityRef: nudge.groupRef },
    payload: {
      title: `${NAMES[nudge.metric]} of ${nudge.title} ${what}`,
      description: `In the week of ${week} (UTC) ${NAMES[
        nudge.metric
      ].toLocaleLowerCase('en-US')} ${what}.`,
      link: `/catalog/${namespace}/${kind}/${name}/${tabOf(
        nudge.metric,
      )}?from=${encodeURIComponent(
        iso(nudge.week.from),
      )}&to=${encodeURIComponent(iso(nudge.week.to))}`,
      severity: 'normal',
      topic: 'devops-insights-goals',
      scope: nudge.key,
    },
  };
}
