import { expect, test } from '@playwright/test';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
import { DORA_TILES } from '../src/components/DoraTab/doraTileModel';

/**
 * The legacy frontend system: the dev app (dev/index.tsx, `createDevApp`)
 * mounts the package's index exports on a mock entity page of the demo's
 * checkout-service and as the leadership page, against the demo backend
 * (playwright.legacy.config.ts). A broken legacy export fails here.
 */

const TOKEN = process.env.DEVOPS_INSIGHTS_CI_TOKEN ?? 'demo-ci-token-change-me';
const DAY = 24 * 3600 * 1000;
const anchor = Math.floor(Date.now() / DAY) * DAY;
const window = {
  from: new Date(anchor - 28 * DAY).toISOString(),
  to: new Date(anchor).toISOString(),
};

test('the legacy exports show the three tabs and the leadership page', async ({
  page,
  request,
}) => {
  const res = await request.get(
    'http://localhost:7007/api/devops-insights/v1/dora',
    {
      params: { entityRef: 'component:default/checkout-service', ...window },
      headers: { Authorization: `Bearer ${TOKEN}` },
    },
  );
  expect(res.status()).toBe(200);
  const dora = (await res.json()) as DoraResponse;
  expect(dora.deploymentFrequency.perDay).not.toBeNull();

  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);

  const query = new URLSearchParams(window);
  await page.goto(`/dora?${query}`);
  for (const tile of DORA_TILES) {
    const value = tile.value(dora);
    await expect(page.getByTestId(`metric-${tile.key}`)).toHaveText(
      value === null ? 'No data' : tile.format(value),
    );
  }
  await page.goto(`/toil?${query}`);
  await expect(page.getByTestId('toil-share')).toBeVisible();
  await page.goto(`/oncall?${query}`);
  await expect(page.getByTestId('oncall-mtta')).toBeVisible();
  await page.goto(`/devops-insights?${query}`);
  await expect(page.getByTestId('rollup-row-payments')).toBeVisible();
});
