import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

/**
 * End-to-end test of the production path: the built backend bundle, unpacked
 * into $DI_BUNDLE_DIR by scripts/lib/unpackBackend.sh and started exactly as
 * packages/backend/Dockerfile starts it, on the PostgreSQL named by the
 * POSTGRES_* variables. scripts/test sets all of them.
 */
const bundleDir = process.env.DI_BUNDLE_DIR;
if (!bundleDir) {
  throw new Error(
    'Set DI_BUNDLE_DIR to an unpacked backend bundle (scripts/lib/unpackBackend.sh)',
  );
}

export default defineConfig({
  ...baseConfig,
  testDir: 'packages/app/e2e-production',
  globalSetup: undefined,
  webServer: {
    command:
      'node packages/backend --config app-config.yaml --config app-config.production.yaml',
    cwd: bundleDir,
    env: { NODE_ENV: 'production' },
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
