import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { API_NODE_FLAGS } from '../api/node-flags.mjs';
import { E2E_METRICS_TOKEN } from './e2e/metrics-token.ts';

// E2E_PORT lets two checkouts run their e2e servers side by side.
const port = process.env.E2E_PORT ?? '3100';
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
// A fresh database for every run: the server command removes this folder before starting.
const dataDir = fileURLToPath(new URL('./.e2e-data', import.meta.url));

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: './e2e',
  // One server with one database: tests create their own uniquely named rows, but run serially
  // because the machine has two cores shared with the api, PostgreSQL and Meilisearch.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // In CI a JSON report joins the others in TEST_REPORT_DIR for the run's total.
  reporter: process.env.TEST_REPORT_DIR ? [['list'], ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/e2e.json` }]] : 'list',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    // Desktop Chrome is 1280 px wide.
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium }, testIgnore: /mobile\.spec\.ts/ },
    {
      name: 'phone-360',
      // Chromium with touch and a 360 px wide screen, like the cheap Android phones in the villages.
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        launchOptions: chromium,
      },
      // Phone-only flows, and the accessibility sweep, which checks every page at both widths.
      testMatch: [/mobile\.spec\.ts/, /accessibility\.spec\.ts/],
    },
  ],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: `rm -rf "${dataDir}" && exec node ${API_NODE_FLAGS.join(' ')} ../api/dist/server.js`,
        url: `http://127.0.0.1:${port}/api/health`,
        // The demo without its background county year: the pages' figures stay those of the seed while the tests run.
        env: { PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_COUNTY_YEAR: 'false', METRICS_TOKEN: E2E_METRICS_TOKEN },
        reuseExistingServer: false,
        timeout: 180_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
