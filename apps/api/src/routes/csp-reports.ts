import type { FastifyPluginAsync } from 'fastify';

/**
 * Where browsers report what the pages' Content-Security-Policy blocked (its `report-uri`,
 * security-headers.ts). Each report is a warning in the log, with the page and what was
 * refused, and counts in /metrics: a violation in the field is a page that does not work.
 */

/** The legacy `report-uri` body, and the Reporting API's list of reports. */
const REPORT_TYPES = ['application/csp-report', 'application/reports+json'];
/** A report is a few hundred bytes; a sample of a blocked script at most 40 characters. */
const REPORT_LIMIT = 16 * 1024;

interface Violation {
  documentUrl?: string;
  blockedUrl?: string;
  directive?: string;
}

function violationsIn(body: unknown): Violation[] {
  if (Array.isArray(body)) {
    return body
      .filter((entry): entry is { type: string; body: Record<string, string> } => entry?.type === 'csp-violation' && typeof entry.body === 'object')
      .map(({ body: report }) => ({ documentUrl: report.documentURL, blockedUrl: report.blockedURL, directive: report.effectiveDirective }));
  }
  const report = (body as { 'csp-report'?: Record<string, string> } | null)?.['csp-report'];
  if (!report) return [];
  return [{ documentUrl: report['document-uri'], blockedUrl: report['blocked-uri'], directive: report['effective-directive'] ?? report['violated-directive'] }];
}

const cspReportRoutes: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser(REPORT_TYPES, { parseAs: 'string', bodyLimit: REPORT_LIMIT }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      // A broken report tells nothing; the browser does not read the answer.
      done(null, null);
    }
  });
  app.post('/api/csp-reports', {
      bodyLimit: REPORT_LIMIT,
      // A page that breaks reports on every load; a flood from one address would only fill the log.
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { hide: true },
    }, async (request, reply) => {
    for (const violation of violationsIn(request.body)) {
      request.log.warn({ cspViolation: violation }, 'content security policy violation');
      app.metrics.countCspViolation(violation.directive);
    }
    return reply.status(204).send();
  });
};

export default cspReportRoutes;
