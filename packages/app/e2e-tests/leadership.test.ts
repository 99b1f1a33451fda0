import { expect, test } from '@playwright/test';
import type { RollupResponse } from '@devops-insights/backstage-plugin-common';
// The test checks the page's own formatting of the API's figures.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { formatPercent } from '../../../plugins/devops-insights/src/components/shared/format';

/**
 * The leadership page lists every demo team from one rollup request, with
 * the API's numbers, and a row leads to the team's DORA tab.
 */

const TOKEN = process.env.DEVOPS_INSIGHTS_CI_TOKEN ?? 'demo-ci-token-change-me';
const DAY = 24 * 3600 * 1000;
const anchor = Math.floor(Date.now() / DAY) * DAY;
const fixed = {
  from: new Date(anchor - 28 * DAY).toISOString(),
  to: new Date(anchor).toISOString(),
};

test('the leadership page compares every team and drills into one', async ({
  page,
  request,
}) => {
  const res = await request.get('/api/devops-insights/v1/rollup', {
    params: fixed,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status()).toBe(200);
  const rollup = (await res.json()) as RollupResponse;
  expect(rollup.teams.length).toBeGreaterThan(3);

  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);

  const rollupRequests: string[] = [];
  page.on('request', r => {
    if (r.url().includes('/api/devops-insights/v1/'))
      rollupRequests.push(r.url());
  });
  await page.getByRole('link', { name: 'DevOps Insights' }).click();
  await expect(page).toHaveURL(/\/devops-insights/);
  await page.goto(`/devops-insights?${new URLSearchParams(fixed)}`);

  for (const team of rollup.teams) {
    const name = team.groupRef.split('/')[1];
    const row = page.getByTestId(`rollup-row-${name}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(team.title);
    await expect(row).toContainText(
      team.toil.share === null ? 'No data' : formatPercent(team.toil.share),
    );
  }
  // One request serves the page (and one more per window change), never one per team;
  // the teams' coverage ratios come in one more for all teams.
  expect(
    rollupRequests.filter(
      u =>
        !u.includes('/v1/rollup') &&
        !u.includes('/v1/sources') &&
        !u.includes('/v1/coverage/teams'),
    ),
  ).toEqual([]);
  expect(
    rollupRequests.filter(u => u.includes('/v1/coverage/teams')),
  ).toHaveLength(1);
  await expect(page.getByTestId('rollup-pooled')).toBeVisible();
  await page.screenshot({ path: 'screenshots/leadership.png', fullPage: true });

  await page
    .getByTestId('rollup-row-back-office')
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/group\/back-office\/dora/);
  await expect(page.getByTestId('metric-deploymentFrequency')).toBeVisible();
});
