/**
 * Whether a team gets the optional weekly digest (docs/goals.md), apart from
 * the digest itself: goal resolution reports a wrong choice too.
 */

/**
 * The Group annotation that opts a team in (`weekly`) or out (`off`,
 * `none`) of the weekly digest, whatever config says.
 * @public
 */
export const GOAL_DIGEST_ANNOTATION = 'devops-insights.io/goal-digest';

/** Whether a team gets the weekly digest, and what was written wrong. @public */
export type DigestChoice = { digest: boolean; problem: string | null };

/**
 * Whether a team gets the weekly digest: its annotation when it is `weekly`,
 * `off` or `none` (any case), else config. Any other value is a problem to
 * report and leaves config to decide, so a typo neither crashes the weekly
 * run nor silently changes what the team gets.
 * @public
 */
export function digestChoice(
  enabledByConfig: boolean,
  annotation: string | undefined,
): DigestChoice {
  const value = annotation?.trim().toLocaleLowerCase('en-US');
  if (value === undefined) return { digest: enabledByConfig, problem: null };
  if (value === 'weekly') return { digest: true, problem: null };
  if (value === 'off' || value === 'none') {
    return { digest: false, problem: null };
  }
  return {
    digest: enabledByConfig,
    problem: `'${annotation}' is not a value of ${GOAL_DIGEST_ANNOTATION}: write 'weekly', 'off' or 'none'`,
  };
}
