import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { anchor, DAY, fixed, SCREENSHOTS, signIn, TOKEN } from './demoSession';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
// The test checks the tab's own formatting of the API's figures.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DORA_TILES } from '../../../plugins/devops-insights/src/components/DoraTab/doraTileModel';

/**
 * Opens the DORA tab of the demo app in Chromium and checks that every tile
 * shows what the backend's API returns for the same entity and window.
 */

async function apiDora(
  request: APIRequestContext,
  entityRef: string,
  window: { from: string; to: string },
): Promise<DoraResponse> {
  const res = await request.get('/api/devops-insights/v1/dora', {
    params: { entityRef, ...window },
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status()).toBe(200);
  return res.json();
}

async function expectTilesToShow(page: Page, dora: DoraResponse) {
  for (const tile of DORA_TILES) {
    const value = tile.value(dora);
    await expect(page.getByTestId(`metric-${tile.key}`)).toHaveText(
      value === null ? 'No data' : tile.format(value),
    );
  }
}

function doraUrl(kind: string, name: string, query: string) {
  return `/catalog/default/${kind}/${name}/dora?${query}`;
}

test('the DORA tab of a component shows the API figures, for a fixed and a relative window', async ({
  page,
  request,
}) => {
  await signIn(page);
  const ref = 'component:default/checkout-service';

  await page.goto(
    doraUrl(
      'component',
      'checkout-service',
      new URLSearchParams(fixed).toString(),
    ),
  );
  const expected = await apiDora(request, ref, fixed);
  expect(expected.deploymentFrequency.perDay).not.toBeNull();
  await expectTilesToShow(page, expected);
  await page.screenshot({
    path: `${SCREENSHOTS}/dora-component.png`,
    fullPage: true,
  });

  // Switching the window: the URL keeps it, and the tiles follow the API.
  const current = page.waitForResponse(
    r =>
      r.url().includes('/v1/dora') &&
      r.status() === 200 &&
      Date.parse(new URL(r.url()).searchParams.get('to')!) > anchor,
  );
  await page.locator('#devops-insights-window').click();
  await page.getByRole('option', { name: 'Last 90 days' }).click();
  await expect(page).toHaveURL(/window=90d/);
  const shown = (await (await current).json()) as DoraResponse;
  expect(Date.parse(shown.window.to) - Date.parse(shown.window.from)).toBe(
    90 * DAY,
  );
  await expectTilesToShow(page, shown);
});

test('a team page pools everything the team owns', async ({
  page,
  request,
}) => {
  await signIn(page);
  const ref = 'group:default/payments';
  const expected = await apiDora(request, ref, fixed);
  expect(expected.scope.entityRefs.length).toBeGreaterThan(1);

  await page.goto(
    doraUrl('group', 'payments', new URLSearchParams(fixed).toString()),
  );
  await expectTilesToShow(page, expected);
  await expect(page.getByTestId('pooled-entities')).toContainText(
    String(expected.scope.entityRefs.length),
  );
  await page.screenshot({
    path: `${SCREENSHOTS}/dora-team.png`,
    fullPage: true,
  });
});

test('a DORA tile opens the rows behind it, by mouse and by keyboard', async ({
  page,
  request,
}) => {
  await signIn(page);
  const ref = 'component:default/checkout-service';
  const expected = await apiDora(request, ref, fixed);
  expect(expected.changeFailureRate.failedDeployments).toBeGreaterThan(0);
  await page.goto(
    doraUrl(
      'component',
      'checkout-service',
      new URLSearchParams(fixed).toString(),
    ),
  );
  await expectTilesToShow(page, expected);

  // A click on the tile lists exactly the deployments its rate counts as failed.
  const failedList = page.waitForResponse(
    r =>
      r.url().includes('/v1/deployments?') && r.url().includes('failed=true'),
  );
  await page.getByTestId('metric-changeFailureRate').click();
  const failed = await (await failedList).json();
  expect(failed.totalCount).toBe(expected.changeFailureRate.failedDeployments);
  const failedTable = page.getByText('Failed deployments', { exact: true });
  await expect(failedTable).toBeInViewport();
  // material-table pads a short page with empty rows.
  const rows = page
    .getByTestId('devops-insights-dora')
    .locator('table')
    .first()
    .locator('tbody tr')
    .filter({ hasText: /\S/ });
  await expect(rows).toHaveCount(Math.min(10, failed.totalCount));
  for (const row of await rows.all()) await expect(row).toContainText('Yes');

  // Enter on the title of "Time to restore" scrolls to the restored incidents.
  const restoredList = page.waitForResponse(
    r =>
      r.url().includes('/v1/incidents?') &&
      r.url().includes('status=resolved') &&
      r.url().includes('urgency=high'),
  );
  await page
    .getByRole('button', {
      name: /^Time to restore service, show the restored incidents$/,
    })
    .focus();
  await page.keyboard.press('Enter');
  const restored = await (await restoredList).json();
  // The list also holds incidents created in the window and resolved after it.
  expect(restored.totalCount).toBeGreaterThanOrEqual(
    expected.timeToRestore.incidents,
  );
  await expect(
    page.getByText('Restored incidents', { exact: true }),
  ).toBeInViewport();

  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(page.getByText('Incidents', { exact: true })).toBeVisible();
  await expect(page.getByTestId('drill-down-narrowed')).toHaveCount(0);
});
