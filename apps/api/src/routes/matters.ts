import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateMatter, IdParams, MAX_MATTER_FILE_BYTES, Matter, MatterFileParams, MatterPage, MatterQuery, MatterTotals, MatterTotalsQuery, UpdateMatter } from '@fieldschool/contracts';
import { addMatterFile, createMatter, getMatter, listMatters, matterTotals, openMatterFile, removeMatterFile, updateMatter } from '../services/secretaries/matters.ts';
import { problemResponses } from './responses.ts';
import { readSingleFile } from './single-file-upload.ts';

const tags = ['secretaries'];

/** 实事: each village's ledger of practical matters, and the county's and townships' totals. */
const matterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/matters',
    { schema: { tags, summary: 'Practical matters in an area, newest first', querystring: MatterQuery, response: { 200: MatterPage, ...problemResponses } } },
    async (request) => listMatters(app.db, request.principal!, request.query),
  );
  app.get(
    '/matters/totals',
    { schema: { tags, summary: 'Totals by category over an area ("roads: 32 villages")', querystring: MatterTotalsQuery, response: { 200: MatterTotals, ...problemResponses } } },
    async (request) => matterTotals(app.db, request.principal!, request.query.orgUnitId),
  );
  app.get(
    '/matters/:id',
    { schema: { tags, summary: 'One practical matter', params: IdParams, response: { 200: Matter, ...problemResponses } } },
    async (request) => getMatter(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/matters',
    { config: { roles: ['admin', 'secretary'] }, schema: { tags, summary: "Add a matter to a village's ledger", body: CreateMatter, response: { 201: Matter, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createMatter(app.db, request.principal!, request.actor(), request.body)),
  );
  app.patch(
    '/matters/:id',
    { config: { roles: ['admin', 'secretary'] }, schema: { tags, summary: 'Change a matter (its status as it moves on)', params: IdParams, body: UpdateMatter, response: { 200: Matter, ...problemResponses } } },
    async (request) => updateMatter(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.post(
    '/matters/:id/files',
    {
      config: { roles: ['admin', 'secretary'] },
      schema: { tags, summary: 'Attach a photo (EXIF removed) or a PDF', params: IdParams, consumes: ['multipart/form-data'], response: { 201: Matter, ...problemResponses } },
    },
    async (request, reply) => {
      const upload = await readSingleFile(request.parts({ limits: { fileSize: MAX_MATTER_FILE_BYTES, files: 1, fields: 0 } }));
      return reply.status(201).send(await addMatterFile(app.db, app.files, request.principal!, request.actor(), request.params.id, upload));
    },
  );
  app.get(
    '/matters/:id/files/:fileId',
    { schema: { tags, summary: 'Download an attached file', params: MatterFileParams } },
    async (request, reply) => {
      const file = await openMatterFile(app.db, app.files, request.principal!, request.params.id, request.params.fileId);
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.stream);
    },
  );
  app.delete(
    '/matters/:id/files/:fileId',
    { config: { roles: ['admin', 'secretary'] }, schema: { tags, summary: 'Take a file off a matter', params: MatterFileParams, response: { 200: Matter, ...problemResponses } } },
    async (request) => removeMatterFile(app.db, request.principal!, request.actor(), request.params.id, request.params.fileId),
  );
};

export default matterRoutes;
