import { expect, test } from '@playwright/test';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
// The test checks the tab's own formatting of the API's figures.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { DORA_TILES } from '../../../plugins/devops-insights/src/components/DoraTab/doraTileModel';

/**
 * The production path: the bundle of `yarn build:backend`, unpacked and
 * started as packages/backend/Dockerfile starts it, on PostgreSQL with demo
 * data disabled (scripts/test; playwright.production.config.ts). Events sent
 * with the CI token show in the DORA tab of the app the app backend serves.
 */

const TOKEN = process.env.DEVOPS_INSIGHTS_CI_TOKEN!;
const ENTITY = 'component:default/devops-insights';
const DAY = 24 * 3600 * 1000;
const anchor = Math.floor(Date.now() / DAY) * DAY;
const window = {
  from: new Date(anchor - 28 * DAY).toISOString(),
  to: new Date(anchor).toISOString(),
};

test('events sent with the CI token show in the DORA tab of the built app', async ({
  page,
  request,
}) => {
  const events = [3, 2, 1].map(daysAgo => {
    const finishedAt = anchor - daysAgo * DAY;
    return {
      type: 'deployment',
      source: 'e2e-ci',
      id: `release-${daysAgo}`,
      entityRef: ENTITY,
      environment: 'production',
      status: 'success',
      finishedAt: new Date(finishedAt).toISOString(),
      changes: [
        {
          id: `pr-${daysAgo}`,
          authoredAt: new Date(finishedAt - 5 * 3600 * 1000).toISOString(),
        },
      ],
    };
  });
  // Readiness comes before the catalog has read its file.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            '/api/catalog/entities/by-name/component/default/devops-insights',
            {
              headers: { Authorization: `Bearer ${TOKEN}` },
            },
          )
        ).status(),
      { timeout: 120_000 },
    )
    .toBe(200);
  const sent = await request.post('/api/devops-insights/v1/events', {
    data: { events },
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(sent.status()).toBeLessThan(300);

  const res = await request.get('/api/devops-insights/v1/dora', {
    params: { entityRef: ENTITY, ...window },
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status()).toBe(200);
  const dora = (await res.json()) as DoraResponse;
  expect(dora.deploymentFrequency.perDay).toBeCloseTo(3 / 28);

  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);

  await page.goto(
    `/catalog/default/component/devops-insights/dora?${new URLSearchParams(
      window,
    )}`,
  );
  for (const tile of DORA_TILES) {
    const value = tile.value(dora);
    await expect(page.getByTestId(`metric-${tile.key}`)).toHaveText(
      value === null ? 'No data' : tile.format(value),
    );
  }
});
