import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

/**
 * End-to-end test of the legacy frontend system: the frontend plugin's dev
 * app (`createDevApp`, plugins/devops-insights/dev) served by its dev server
 * at :3000, against the demo backend at :7007 (app-config.yaml: in-memory
 * SQLite, demo data, CORS for :3000).
 */
const yarn = `node ${require('node:path').join(
  '.yarn',
  'releases',
  'yarn-4.13.0.cjs',
)}`;

export default defineConfig({
  ...baseConfig,
  testDir: 'plugins/devops-insights/e2e-tests',
  webServer: [
    {
      command: `${yarn} workspace backend start --config ../../app-config.yaml`,
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `${yarn} workspace @devops-insights/backstage-plugin start`,
      env: { BROWSER: 'none' },
      url: 'http://localhost:3000',
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: { ...baseConfig.use, baseURL: 'http://localhost:3000' },
});
