import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  digestText,
  GOAL_METRIC_NAMES,
  GoalDigest,
  GoalMetric,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { GoalNudge } from './GoalNudger';

/** The tab a metric is shown on. */
const tabOf = (metric: GoalMetric) => {
  if (metric === 'toilShare') return 'toil';
  if (metric === 'pagesPer12h' || metric === 'offHoursPagesPerWeek') {
    return 'oncall';
  }
  return 'dora';
};

const iso = (ms: number) => new Date(ms).toISOString();

/** A team's tab with the week preselected. */
function weekLink(groupRef: string, tab: string, week: TimeWindow): string {
  const { kind, namespace, name } = parseEntityRef(groupRef);
  return `/catalog/${namespace}/${kind}/${name}/${tab}?from=${encodeURIComponent(
    iso(week.from),
  )}&to=${encodeURIComponent(iso(week.to))}`;
}

/**
 * A nudge as a Backstage notification to the team: its `scope` is the
 * nudge's key, so the notifications backend also folds a repeat into the
 * same notification; the link opens the team's tab on that week.
 */
export function notificationOf(nudge: GoalNudge): NotificationSendOptions {
  const week = iso(nudge.week.from).slice(0, 10);
  const name = GOAL_METRIC_NAMES[nudge.metric];
  const what =
    nudge.reason === 'missed-goal'
      ? 'missed its goal after meeting it the week before'
      : 'dropped a performance band';
  return {
    recipients: { type: 'entity', entityRef: nudge.groupRef },
    payload: {
      title: `${name} of ${nudge.title} ${what}`,
      description: `In the week of ${week} (UTC) ${name.toLocaleLowerCase(
        'en-US',
      )} ${what}.`,
      link: weekLink(nudge.groupRef, tabOf(nudge.metric), nudge.week),
      severity: 'normal',
      topic: 'devops-insights-goals',
      scope: nudge.key,
    },
  };
}

/**
 * A weekly digest as a low-severity notification to the team, one sentence
 * a line, linking to its DORA tab on that week; scoped by its key as nudges
 * are.
 */
export function digestNotificationOf(
  digest: GoalDigest,
): NotificationSendOptions {
  const { title, lines } = digestText(digest);
  return {
    recipients: { type: 'entity', entityRef: digest.groupRef },
    payload: {
      title,
      description: lines.join('\n'),
      link: weekLink(digest.groupRef, 'dora', digest.week),
      severity: 'low',
      topic: 'devops-insights-digest',
      scope: digest.key,
    },
  };
}
