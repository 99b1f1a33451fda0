import { APIRequestContext, expect, Page, test } from '@playwright/test';
import type {
  OnCallResponse,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
// The test checks the tabs' own formatting of the API's figures.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  formatDuration,
  formatFactor,
  formatHours,
  formatPer12h,
  formatPercent,
} from '../../../plugins/devops-insights/src/components/shared/format';

/**
 * The Toil and On-call tabs in Chromium show what the backend's API returns
 * for the same entity and window, on a component and on a team page.
 */

const TOKEN = process.env.DEVOPS_INSIGHTS_CI_TOKEN ?? 'demo-ci-token-change-me';
const DAY = 24 * 3600 * 1000;
const anchor = Math.floor(Date.now() / DAY) * DAY;
const fixed = {
  from: new Date(anchor - 28 * DAY).toISOString(),
  to: new Date(anchor).toISOString(),
};
const orNoData = (value: number | null, format: (v: number) => string) =>
  value === null ? 'No data' : format(value);

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);
}

async function api<T>(
  request: APIRequestContext,
  path: string,
  entityRef: string,
): Promise<T> {
  const res = await request.get(`/api/devops-insights/v1/${path}`, {
    params: { entityRef, ...fixed },
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status()).toBe(200);
  return res.json();
}

const tabUrl = (kind: string, name: string, tab: string) =>
  `/catalog/default/${kind}/${name}/${tab}?${new URLSearchParams(fixed)}`;

test('the Toil tab of the over-cap team and of one of its services', async ({
  page,
  request,
}) => {
  await signIn(page);
  for (const [kind, name, ref] of [
    ['group', 'back-office', 'group:default/back-office'],
    ['component', 'erp-core', 'component:default/erp-core'],
  ]) {
    const toil = await api<ToilResponse>(request, 'toil', ref);
    await page.goto(tabUrl(kind, name, 'toil'));
    await expect(page.getByTestId('toil-hours')).toHaveText(
      orNoData(toil.totalHours, formatHours),
    );
    await expect(page.getByTestId('toil-capacity')).toHaveText(
      orNoData(toil.capacityHours, formatHours),
    );
    await expect(page.getByTestId('toil-share')).toHaveText(
      orNoData(toil.share, formatPercent),
    );
    if (kind === 'group') {
      expect(toil.status).toBe('over-cap');
      await expect(page.getByTestId('toil-status')).toHaveText('Over cap');
      await page.screenshot({
        path: 'screenshots/toil-team.png',
        fullPage: true,
      });
    }
  }
});

test('the On-call tab of a team shows load, flags and the API figures', async ({
  page,
  request,
}) => {
  await signIn(page);
  const oncall = await api<OnCallResponse>(
    request,
    'oncall',
    'group:default/back-office',
  );
  expect(oncall.responders.some(r => r.flags.overloaded)).toBe(true);

  await page.goto(tabUrl('group', 'back-office', 'oncall'));
  await expect(page.getByTestId('oncall-mtta')).toHaveText(
    orNoData(oncall.incidents.mttaSeconds, formatDuration),
  );
  await expect(page.getByTestId('oncall-mttr')).toHaveText(
    orNoData(oncall.incidents.mttrSeconds, formatDuration),
  );
  await expect(page.getByTestId('oncall-incidentsPer12h')).toHaveText(
    orNoData(oncall.team.incidentsPer12h, formatPer12h),
  );
  await expect(page.getByTestId('oncall-fairness')).toHaveText(
    orNoData(oncall.team.fairness, formatFactor),
  );
  await expect(page.getByTestId('oncall-postmortemCoverage')).toHaveText(
    orNoData(oncall.team.postmortemCoverage, formatPercent),
  );
  await expect(page.getByTestId('flag-overloaded').first()).toBeVisible();
  await expect(page.getByTestId('oncall-now')).toBeVisible();
  await page.screenshot({
    path: 'screenshots/oncall-team.png',
    fullPage: true,
  });
});
