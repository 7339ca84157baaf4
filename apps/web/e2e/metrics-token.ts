/** The e2e server's METRICS_TOKEN (playwright.config.ts), with which csp.spec.ts reads the CSP reports the api counted. */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-not-a-secret';
