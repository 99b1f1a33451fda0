import { expect, test } from '@playwright/test';

/**
 * The frontend asks before it offers: with the end-to-end config's test
 * policy (packages/backend/src/permissionPolicy.ts), only an entity's owners
 * may report toil, and the guest owns nothing, so its Toil tab shows the
 * figures, no Report toil, and why.
 */
test('a user without devops-insights.toil.report sees no Report toil, and the reason', async ({
  page,
}) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);

  await page.goto('/catalog/default/component/erp-core/toil');
  await expect(page.getByTestId('toil-hours')).toBeVisible();
  await expect(page.getByTestId('toil-report-denied')).toContainText(
    'needs the permission devops-insights.toil.report',
  );
  await expect(page.getByRole('button', { name: 'Report toil' })).toHaveCount(
    0,
  );
});
