import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the demo app: the backend serves the built app
 * (`yarn workspace app build` first, as scripts/test does) with demo data on
 * in-memory SQLite, and Debian's Chromium drives it.
 */
const backendPort = 7007;

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  globalSetup: './packages/app/e2e-tests/waitForDemo.ts',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: {
    command: `node ${require('node:path').join(
      '.yarn',
      'releases',
      'yarn-4.13.0.cjs',
    )} workspace backend start --config ../../app-config.yaml --config ../../app-config.e2e.yaml`,
    url: `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: `http://localhost:${backendPort}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
