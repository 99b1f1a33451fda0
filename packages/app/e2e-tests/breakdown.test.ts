import { expect, test } from '@playwright/test';
import type { BreakdownResponse } from '@devops-insights/backstage-plugin-common';
import { fixed, SCREENSHOTS, signIn, TOKEN } from './demoSession';

/**
 * A team's Group page in Chromium: one row per owned service beside the
 * pooled tiles, the coverage line, the hint naming the annotation a service
 * lacks, and a row opening the service's own tab in the same window.
 */

test('a Group page shows its services side by side, with what is not instrumented', async ({
  page,
  request,
}) => {
  await signIn(page);
  const res = await request.get('/api/devops-insights/v1/breakdown', {
    params: { entityRef: 'group:default/platform', tab: 'dora', ...fixed },
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status()).toBe(200);
  const expected = (await res.json()) as BreakdownResponse;
  const names = expected.rows.map(r => r.entityRef.split('/')[1]);
  expect(names).toEqual(
    expect.arrayContaining(['search-service', 'notifications-service']),
  );

  // One breakdown request for the whole team, none per service.
  const breakdownRequests: string[] = [];
  page.on('request', r => {
    if (r.url().includes('/v1/breakdown')) breakdownRequests.push(r.url());
  });
  await page.goto(
    `/catalog/default/group/platform/dora?${new URLSearchParams(fixed)}`,
  );
  const table = page.getByTestId('breakdown-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId(/^breakdown-row-/)).toHaveCount(
    expected.rows.length,
  );
  expect(breakdownRequests).toHaveLength(1);

  const { entities, deployments, incidents, rotation } = expected.coverage;
  expect(deployments).toBeLessThan(entities);
  await expect(page.getByTestId('coverage-line')).toHaveText(
    `${deployments} of ${entities} services report deployments · ${incidents} of ${entities} have an incident source · ${rotation} of ${entities} are covered by an on-call rotation`,
  );

  const search = page.getByTestId('breakdown-row-search-service');
  await expect(
    search.getByTestId('coverage-missing-deployments'),
  ).toContainText('github.com/project-slug');
  await expect(search).toContainText('No source');
  const notifications = page.getByTestId('breakdown-row-notifications-service');
  await expect(
    notifications.getByTestId('coverage-missing-incidents'),
  ).toContainText('pagerduty.com/service-id');
  await expect(
    notifications.getByTestId('coverage-missing-deployments'),
  ).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/breakdown-team.png`,
    fullPage: true,
  });

  // A row opens the service's own DORA tab, in the same window.
  await page
    .getByTestId('breakdown-row-api-gateway')
    .locator('td')
    .nth(1)
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/api-gateway\/dora\?/,
  );
  const url = new URL(page.url());
  expect(url.searchParams.get('from')).toBe(fixed.from);
  expect(url.searchParams.get('to')).toBe(fixed.to);
  await expect(page.getByTestId('metric-deploymentFrequency')).toBeVisible();
  // The badge names the sources feeding this service, not the install's.
  await expect(page.getByTestId('source-status-demo')).toContainText(
    'last event',
  );
});
