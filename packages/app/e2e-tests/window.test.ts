import { expect, Page, test } from '@playwright/test';
import { openEntityTab } from './demoSession';

/**
 * The window follows a person: chosen on the DORA tab, it holds on the
 * Toil and On-call tabs (whose tab links carry no query) and from the
 * leadership page into a team.
 */

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);
}

const windowLabel = (page: Page) => page.locator('#devops-insights-window');

test('a chosen window holds across tabs and from the leadership page into a team', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/payments-api/dora');
  await expect(page.getByTestId('metric-deploymentFrequency')).toBeVisible();
  await expect(windowLabel(page)).toHaveText('Last 30 days');

  await windowLabel(page).click();
  await page.getByRole('option', { name: 'Last 90 days' }).click();
  await expect(page).toHaveURL(/[?&]window=90d/);

  await openEntityTab(page, 'Toil');
  await expect(page).toHaveURL(/\/payments-api\/toil\?window=90d/);
  await expect(windowLabel(page)).toHaveText('Last 90 days');

  await openEntityTab(page, 'On-call');
  await expect(page).toHaveURL(/\/payments-api\/oncall\?window=90d/);
  await expect(windowLabel(page)).toHaveText('Last 90 days');

  await page.goto('/devops-insights?window=180d');
  await page
    .getByTestId('rollup-row-back-office')
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/group\/back-office\/dora\?window=180d/,
  );
  await expect(windowLabel(page)).toHaveText('Last 180 days');
});
