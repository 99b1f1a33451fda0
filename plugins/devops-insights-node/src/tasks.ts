/**
 * The scheduler task id of the backend plugin's weekly goal evaluation (goal
 * nudges and digests, docs/goals.md), for modules that trigger it, such as
 * the demo once its data is in.
 *
 * @public
 */
export const GOAL_NUDGES_TASK_ID = 'devops-insights-goal-nudges';
