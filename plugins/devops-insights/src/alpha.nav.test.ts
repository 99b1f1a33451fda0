import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import devopsInsightsPlugin from './alpha';

describe('new frontend system sidebar', () => {
  // Renders the whole app shell; slow on a busy machine.
  jest.setTimeout(20000);

  it('links the leadership page from the app nav', async () => {
    renderTestApp({
      features: [devopsInsightsPlugin],
      initialRouteEntries: ['/'],
    });
    const link = await screen.findByRole('link', { name: /DevOps Insights/ });
    expect(link).toHaveAttribute('href', '/devops-insights');
  });
});
