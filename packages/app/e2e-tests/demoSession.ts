import { expect, Page } from '@playwright/test';

/** The demo's static service token (app-config.yaml). */
export const TOKEN =
  process.env.DEVOPS_INSIGHTS_CI_TOKEN ?? 'demo-ci-token-change-me';
export const SCREENSHOTS = 'screenshots';

export const DAY = 24 * 3600 * 1000;
// The demo data ends at the start of the current UTC day.
export const anchor = Math.floor(Date.now() / DAY) * DAY;
/** The last 28 days of the demo data, as a fixed window. */
export const fixed = {
  from: new Date(anchor - 28 * DAY).toISOString(),
  to: new Date(anchor).toISOString(),
};

/** Enters the demo app as its guest. */
export async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);
}

/**
 * Opens one of the plugin's entity tabs the way a person does: the tabs
 * declare the `observability` content group, which the catalog's entity page
 * shows as one "Observability" tab with a menu.
 */
export async function openEntityTab(page: Page, name: string) {
  await page.getByRole('button', { name: 'Observability' }).click();
  await page.getByRole('menuitemradio', { name, exact: true }).click();
}
