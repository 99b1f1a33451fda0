import { expect, test } from '@playwright/test';
import type {
  DoraResponse,
  RollupResponse,
} from '@devops-insights/backstage-plugin-common';
import { fixed, signIn, TOKEN } from './demoSession';

/**
 * Goals from app-config.yaml and the demo catalog's annotations: back-office
 * sets a weekly release, which its release trains miss; the leadership page
 * counts who meets what and narrows the table to the teams missing a goal.
 */
test('goals show on the tiles, the trend charts and the leadership page', async ({
  page,
  request,
}) => {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const dora = (await (
    await request.get('/api/devops-insights/v1/dora', {
      params: { entityRef: 'group:default/back-office', ...fixed },
      headers,
    })
  ).json()) as DoraResponse;
  const frequency = dora.goals.figures.find(
    g => g.metric === 'deploymentFrequency',
  );
  expect(frequency).toMatchObject({
    origin: { kind: 'group', ref: 'group:default/back-office' },
    met: false,
  });
  expect(dora.goals.figures.find(g => g.metric === 'leadTime')?.origin).toEqual(
    { kind: 'group', ref: 'group:default/engineering' },
  );

  await signIn(page);
  await page.goto(
    `/catalog/default/group/back-office/dora?${new URLSearchParams(fixed)}`,
  );
  await expect(page.getByTestId('goal-deploymentFrequency')).toContainText(
    'missed',
  );
  await expect(page.locator('.goal-line-leadTime').first()).toBeAttached();

  const rollup = (await (
    await request.get('/api/devops-insights/v1/rollup', {
      params: fixed,
      headers,
    })
  ).json()) as RollupResponse;
  const missing = rollup.teams.filter(t => t.goals.some(g => g.met === false));
  expect(missing.map(t => t.groupRef)).toContain('group:default/back-office');

  await page.goto(`/devops-insights?${new URLSearchParams(fixed)}`);
  await expect(
    page.getByTestId('goal-summary-deploymentFrequency'),
  ).toContainText('0 of 1 teams');
  await page
    .getByRole('checkbox', { name: 'Only teams missing a goal' })
    .check();
  await expect(page.locator('[data-testid^="rollup-row-"]')).toHaveCount(
    missing.length,
  );
  await expect(page.getByTestId('rollup-row-back-office')).toBeVisible();
});
