import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, QualityPage, QualityQuery, ReportByMonth, ReportFarmerHistory, ReportPageQuery, ReportRoster, ReportSessionPage, ReportUntrainedPage, ReportUntrainedQuery, ReportByTopic, ReportByUnit, ReportByUnitQuery, ReportQuery, ReportSummary } from '@fieldschool/contracts';
import { reportByMonth, reportByTopic, reportByUnit } from '../services/reports/breakdowns.ts';
import { attendanceCsv, attendanceXlsx } from '../services/reports/attendance-export.ts';
import { farmerHistory, listReportSessions, sessionRoster, untrainedFarmers } from '../services/reports/drill-down.ts';
import { listQuality } from '../services/reports/quality.ts';
import { resolveScope } from '../services/reports/scope.ts';
import { printReportSummary } from '../services/reports/summary-pdf.ts';
import { reportSummary } from '../services/reports/summary.ts';
import { problemResponses } from './responses.ts';

const tags = ['reports'];

const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/reports/summary',
    {
      schema: {
        tags,
        summary: 'Key figures of your area (or a unit in it) for a period: sessions, 人次 and 人, materials, villages reached',
        querystring: ReportQuery,
        response: { 200: ReportSummary, ...problemResponses },
      },
    },
    async (request) => reportSummary(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/by-month',
    { schema: { tags, summary: 'The figures per month (Asia/Shanghai)', querystring: ReportQuery, response: { 200: ReportByMonth, ...problemResponses } } },
    async (request) => reportByMonth(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/by-topic',
    { schema: { tags, summary: 'The figures per course topic', querystring: ReportQuery, response: { 200: ReportByTopic, ...problemResponses } } },
    async (request) => reportByTopic(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/by-unit',
    {
      schema: {
        tags,
        summary: 'The figures per child unit of the scope, or per village with level=village, with each one’s last session',
        querystring: ReportByUnitQuery,
        response: { 200: ReportByUnit, ...problemResponses },
      },
    },
    async (request) => reportByUnit(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/sessions',
    {
      schema: { tags, summary: 'The sessions of the scope, newest first, with attendance against capacity and invitations', querystring: ReportPageQuery, response: { 200: ReportSessionPage, ...problemResponses } },
    },
    async (request) => listReportSessions(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/sessions/:id/roster',
    { schema: { tags, summary: 'A session of your scope with its roster and every status', params: IdParams, response: { 200: ReportRoster, ...problemResponses } } },
    async (request) => sessionRoster(app.db, request.principal!, request.params.id),
  );
  app.get(
    '/reports/farmers/:id',
    { schema: { tags, summary: 'A farmer’s sessions attended and materials received', params: IdParams, response: { 200: ReportFarmerHistory, ...problemResponses } } },
    async (request) => farmerHistory(app.db, request.principal!, request.params.id),
  );
  app.get(
    '/reports/untrained',
    { schema: { tags, summary: 'Farmers of your area (or a village of it) never trained', querystring: ReportUntrainedQuery, response: { 200: ReportUntrainedPage, ...problemResponses } } },
    async (request) => untrainedFarmers(app.db, request.principal!, request.query),
  );
  app.get(
    '/reports/quality',
    {
      schema: {
        tags,
        summary: 'Data-quality findings of your area, each with the page where it is fixed; paged with no cap, counts per rule',
        querystring: QualityQuery,
        response: { 200: QualityPage, ...problemResponses },
      },
    },
    async (request) => listQuality(app.db, request.principal!, request.query),
  );
  // Exports: the scope is checked before the first byte, so a unit outside it is a plain 404.
  const exportConfig = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  app.get(
    '/reports/attendances.csv',
    { config: exportConfig, schema: { tags, summary: 'The filtered attendance list as CSV (UTF-8 with BOM), streamed', querystring: ReportQuery } },
    async (request, reply) => {
      const scope = await resolveScope(app.db, request.principal!, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="attendances.csv"')
        .header('cache-control', 'private, no-store')
        .send(attendanceCsv(app.db, scope));
    },
  );
  app.get(
    '/reports/attendances.xlsx',
    { config: exportConfig, schema: { tags, summary: 'The filtered attendance list as an Excel workbook, streamed', querystring: ReportQuery } },
    async (request, reply) => {
      const scope = await resolveScope(app.db, request.principal!, request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="attendances.xlsx"')
        .header('cache-control', 'private, no-store')
        .send(attendanceXlsx(app.db, scope));
    },
  );
  app.get(
    '/reports/summary.pdf',
    { config: exportConfig, schema: { tags, summary: 'A one-page printable summary (A4 PDF, in Chinese) with the key figures and two charts', querystring: ReportQuery } },
    async (request, reply) => {
      const pdf = await printReportSummary(app.db, request.principal!, request.query);
      return reply.type('application/pdf').header('content-disposition', 'inline; filename="report.pdf"').header('cache-control', 'private, no-store').send(pdf);
    },
  );
};

export default reportRoutes;
