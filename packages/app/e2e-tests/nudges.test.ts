import { expect, test } from '@playwright/test';
import { isoWeekStart } from '@devops-insights/backstage-plugin-common';
import { anchor, DAY, signIn } from './demoSession';

/**
 * Goal nudges under the bell: the demo data gives Back Office a goal it met
 * the week before last and missed last week, the demo runs the goal
 * evaluation once its data and catalog are in, and the guest gets Back
 * Office's notifications (packages/backend/src/demoGuestNotifications.ts).
 * The nudge links to the team's tab on that week.
 */
test('the bell shows Back Office a nudge that opens its tab on the week it slipped', async ({
  page,
}) => {
  const lastWeek = isoWeekStart(anchor) - 7 * DAY;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  await signIn(page);
  // The evaluation runs seconds after the catalog has the demo organisation;
  // signals bring the count to the open page.
  await expect(page.getByLabel('Unread notifications')).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole('link', { name: /^Notifications/ }).click();
  await expect(page).toHaveURL(/\/notifications/);

  const nudge = page.getByRole('link', {
    name: /^(Deployment frequency|Lead time for changes) of Back Office missed its goal after meeting it the week before$/,
  });
  await expect(nudge).toHaveCount(1);
  const metric = (await nudge.textContent())!.startsWith('Deployment')
    ? 'deploymentFrequency'
    : 'leadTime';
  await page.screenshot({ path: 'screenshots/nudges.png', fullPage: true });

  await nudge.click();
  await expect(page).toHaveURL(
    url =>
      url.pathname === '/catalog/default/group/back-office/dora' &&
      url.searchParams.get('from') === new Date(lastWeek).toISOString() &&
      url.searchParams.get('to') === new Date(lastWeek + 7 * DAY).toISOString(),
  );
  await expect(page.locator('#devops-insights-window-from')).toHaveValue(
    day(lastWeek),
  );
  await expect(page.locator('#devops-insights-window-to')).toHaveValue(
    day(lastWeek + 6 * DAY),
  );
  await expect(page.getByTestId(`goal-${metric}`)).toContainText('missed');
});
