import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { openEntityTab } from './demoSession';

/**
 * What a person sees at 390, 1280, 1440 and 1920 px, in the light and the dark
 * theme: headers that never break inside a word, content that stacks and
 * scrolls instead of overflowing, no serious accessibility violations in the
 * plugin's content, errors that say what to do and offer a retry, and tabs
 * that share their requests.
 */

// 1440 px is where the leadership table once squeezed "Services" to "S/ervi/ces".
const WIDTHS = [390, 1280, 1440, 1920];

const PAGES = {
  dora: {
    url: '/catalog/default/group/payments/dora',
    root: '[data-testid="devops-insights-dora"]',
  },
  toil: {
    url: '/catalog/default/component/checkout-service/toil',
    root: '[data-testid="devops-insights-toil"]',
  },
  oncall: {
    url: '/catalog/default/component/checkout-service/oncall',
    root: '[data-testid="devops-insights-oncall"]',
  },
  leadership: {
    url: '/devops-insights',
    root: '[data-testid="devops-insights-leadership"]',
  },
};

async function signIn(page: Page, theme?: 'light' | 'dark') {
  if (theme) {
    // The app's theme selector keeps the choice here, as the settings do.
    await page.addInitScript(t => localStorage.setItem('theme', t), theme);
  }
  await page.goto('/');
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click();
  await expect(enter).toHaveCount(0);
}

/** Waits until the page's figures and its tables' first rows are in. */
async function open(page: Page, which: keyof typeof PAGES) {
  const { url, root } = PAGES[which];
  await page.goto(url);
  const content = page.locator(root);
  await expect(content).toBeVisible();
  await expect(content.getByRole('progressbar')).toHaveCount(0);
  await expect(content.locator('table tbody tr').first()).toBeVisible();
  return content;
}

/**
 * Header cells, and the leadership table's team names, narrower than their
 * longest word (the word then breaks, "S/ervi/ces", "Engine/ering"),
 * measured with the cell's own font.
 */
async function squashedCells(page: Page, root: string) {
  const selector = `${root} th, ${root} td[data-column="team"]`;
  return page.locator(selector).evaluateAll(cells => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    return cells.flatMap(cell => {
      const style = getComputedStyle(cell);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const words = (cell.textContent ?? '').split(/\s+/).filter(Boolean);
      const longest = Math.max(
        0,
        ...words.map(w => canvas.measureText(w).width),
      );
      const inner =
        cell.clientWidth -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight);
      return inner + 1 < longest
        ? [`${cell.textContent} (${inner} < ${longest})`]
        : [];
    });
  });
}

for (const width of WIDTHS) {
  test(`readable at ${width} px: the DORA tab and the leadership page`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page);
    for (const which of ['dora', 'leadership'] as const) {
      const content = await open(page, which);
      await page.screenshot({
        path: testInfo.outputPath(`${which}-${width}.png`),
        fullPage: true,
      });
      expect(await squashedCells(page, PAGES[which].root)).toEqual([]);
      // Wide tables scroll inside their own box; the content never overflows
      // the page sideways (MUI's Grid overhangs by half its 16 px spacing).
      const overflow = await content.evaluate(
        el => el.scrollWidth - el.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(8);
    }
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations in the ${theme} theme`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await signIn(page, theme);
    const found: Array<{
      page: string;
      rule: string;
      help: string;
      nodes: string[];
    }> = [];
    for (const which of Object.keys(PAGES) as (keyof typeof PAGES)[]) {
      await open(page, which);
      const background = await page
        .locator('body')
        .evaluate(el => getComputedStyle(el).backgroundColor);
      const [r] = background.match(/\d+/g)!.map(Number);
      expect(theme === 'dark' ? r < 128 : r > 128).toBe(true);

      const results = await new AxeBuilder({ page })
        // Only the plugin's content: Backstage's sidebar, header and entity
        // tabs are not this plugin's to fix.
        .include(PAGES[which].root)
        .analyze();
      for (const v of results.violations) {
        if (v.impact === 'critical' || v.impact === 'serious') {
          found.push({
            page: which,
            rule: v.id,
            help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
          });
        }
      }
    }
    expect(found).toEqual([]);
    // The leadership page is a page of its own: it has its main landmark.
    await expect(page.locator('main')).toHaveCount(1);
  });
}

test('metric definitions are reachable by keyboard', async ({ page }) => {
  await signIn(page);
  await open(page, 'dora');
  // The tile's (a Group page's per-entity table has the same definition).
  const info = page
    .getByTestId('tile-deploymentFrequency')
    .getByRole('button', {
      name: /How Deployment frequency is defined/i,
    });
  await info.focus();
  await expect(page.getByRole('tooltip')).toBeVisible();
});

test('a failed request says what happened and retries', async ({ page }) => {
  await signIn(page);
  let mode: 'proxy' | 'denied' | 'ok' = 'proxy';
  await page.route('**/api/devops-insights/v1/dora?**', route => {
    if (mode === 'proxy') {
      return route.fulfill({
        status: 502,
        contentType: 'text/html',
        body: '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
      });
    }
    if (mode === 'denied') {
      return route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          response: { statusCode: 403 },
        }),
      });
    }
    return route.fallback();
  });

  await page.goto(PAGES.dora.url);
  const panel = page.getByTestId('metrics-error');
  await expect(panel).toContainText('502');
  await expect(panel).not.toContainText('<html');
  await expect(panel).not.toContainText('nginx');

  // A refusal is no failure: a calm notice naming the permission, and a retry.
  mode = 'denied';
  await panel.getByRole('button', { name: 'Retry' }).click();
  const denied = page.getByTestId('metrics-denied');
  await expect(denied).toContainText('devops-insights.metrics.read');
  await expect(panel).toBeHidden();

  mode = 'ok';
  await denied.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('metric-deploymentFrequency')).toBeVisible();
});

test('tables fetch one page, and the tabs share the incident list', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page);
  const requests: string[] = [];
  page.on('request', r => {
    const path = new URL(r.url()).pathname;
    if (/\/v1\/(deployments|incidents)$/.test(path)) requests.push(r.url());
  });
  const count = (list: string) =>
    requests.filter(u => u.includes(`/v1/${list}?`)).length;

  await open(page, 'dora');
  await expect(page.getByText('Incidents', { exact: true })).toBeVisible();
  await expect.poll(() => count('incidents')).toBe(1);
  expect(count('deployments')).toBe(1);
  for (const url of requests) {
    expect(new URL(url).searchParams.get('limit')).toBe('10');
  }

  // The same team's On-call tab lists the same incidents: no new request.
  await openEntityTab(page, 'On-call');
  await expect(
    page.getByTestId('oncall-incidents').locator('tbody tr').first(),
  ).toBeVisible();
  expect(count('incidents')).toBe(1);
});
