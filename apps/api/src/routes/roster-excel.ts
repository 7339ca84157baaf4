import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { IdParams, MAX_ROSTER_BYTES, RosterImportQuery, RosterReport, RosterRowsProblem } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { exportSessionAttendance, exportVillageRoster, rosterTemplate } from '../services/roster-excel/exports.ts';
import { checkRoster, importRoster } from '../services/roster-excel/import-roster.ts';
import { attachment, XLSX_TYPE } from '../services/spreadsheets/xlsx-stream.ts';
import { problemResponses } from './responses.ts';

const tags = ['rosters'];
const multipartBody = { consumes: ['multipart/form-data'] };

/** The one `file` part of the upload, at most MAX_ROSTER_BYTES. */
async function readRosterFile(request: FastifyRequest): Promise<Buffer> {
  const part = await request.file({ limits: { fileSize: MAX_ROSTER_BYTES, files: 1, fields: 0 } });
  if (!part || part.fieldname !== 'file') throw new AppError('validation_failed', 'Send the roster in the "file" field', { field: 'file' });
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('roster_too_large', `A roster file is at most ${MAX_ROSTER_BYTES / 1024 / 1024} MB`, { field: 'file', cause: error });
    }
    throw error;
  }
}

const rosterExcelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/rosters/template.xlsx', { schema: { tags, summary: 'The roster template: its columns and one example row' } }, async (_request, reply) =>
    reply.type(XLSX_TYPE).header('content-disposition', attachment('花名册模板.xlsx', 'roster-template.xlsx')).send(await rosterTemplate()),
  );
  app.post(
    '/villages/:id/roster/check',
    { schema: { tags, summary: 'Read a roster file and report row by row; nothing is written', params: IdParams, ...multipartBody, response: { 200: RosterReport, ...problemResponses } } },
    async (request) => checkRoster(app.db, request.principal!, app.secrets.idNumberKey, request.params.id, await readRosterFile(request)),
  );
  app.post(
    '/villages/:id/roster/import',
    {
      schema: {
        tags,
        summary: 'Import a roster: all rows or none, unless validRowsOnly; a known ID number updates its farmer',
        params: IdParams,
        querystring: RosterImportQuery,
        ...multipartBody,
        response: { 200: RosterReport, ...problemResponses, 400: RosterRowsProblem },
      },
    },
    async (request) =>
      importRoster(app.db, request.principal!, request.actor(), app.secrets.idNumberKey, request.params.id, await readRosterFile(request), {
        validRowsOnly: request.query.validRowsOnly,
      }),
  );
  app.get('/villages/:id/roster.xlsx', { schema: { tags, summary: 'A village roster as .xlsx, streamed', params: IdParams } }, async (request, reply) => {
    const { fileName, stream } = await exportVillageRoster(app.db, request.principal!, request.params.id);
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(fileName, 'roster.xlsx')).send(stream);
  });
  app.get('/sessions/:id/attendance.xlsx', { schema: { tags, summary: 'A session’s attendance list as .xlsx, streamed', params: IdParams } }, async (request, reply) => {
    const { fileName, stream } = await exportSessionAttendance(app.db, request.principal!, request.params.id);
    return reply.type(XLSX_TYPE).header('content-disposition', attachment(fileName, 'attendance.xlsx')).send(stream);
  });
};

export default rosterExcelRoutes;
