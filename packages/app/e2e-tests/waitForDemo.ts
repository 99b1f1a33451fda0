/**
 * Playwright global setup: the backend answers readiness before the catalog
 * has read the demo files and before the demo source has ingested its data,
 * so wait (bounded) until both are there.
 */
export default async function waitForDemo() {
  const base = 'http://localhost:7007';
  const headers = {
    Authorization: `Bearer ${
      process.env.DEVOPS_INSIGHTS_CI_TOKEN ?? 'demo-ci-token-change-me'
    }`,
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [user, component, sources] = await Promise.all([
      fetch(`${base}/api/catalog/entities/by-name/user/default/ivan.petrov`, {
        headers,
      }),
      fetch(`${base}/api/catalog/entities/by-name/component/default/erp-core`, {
        headers,
      }),
      fetch(`${base}/api/devops-insights/v1/sources`, { headers }),
    ]).catch(() => [undefined, undefined, undefined]);
    const demo =
      sources?.ok &&
      (
        (await sources.json()) as {
          sources: Array<{ source: string; lastSuccessAt: string | null }>;
        }
      ).sources.some(s => s.source === 'demo' && s.lastSuccessAt);
    if (user?.ok && component?.ok && demo) return;
    if (Date.now() > deadline) {
      throw new Error(
        'The demo catalog and data did not arrive within 3 minutes',
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
