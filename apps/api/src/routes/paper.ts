import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { CardQuery, ConfirmPaperRows, IdParams, Ok, PaperConfirmResult, PaperReading, PaperSheets, SignInSheetQuery } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { chosenCards, reissueCard, villageCards } from '../services/paper/cards.ts';
import { confirmPaperRows, listPaperSheets, readPaperPhoto, type RecordCheckins } from '../services/paper/read-back.ts';
import { printSignInSheet } from '../services/paper/sign-in-sheet.ts';
import { problemResponses } from './responses.ts';

const tags = ['paper'];
const pdf = (fileName: string) => `inline; filename="${fileName}"`;
const recorders = { roles: ['admin' as const, 'trainer' as const] };
/** A phone photo; browsers send it scaled to a few MB. */
const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

async function readPhoto(request: FastifyRequest): Promise<Buffer> {
  const part = await request.file({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0 } });
  if (!part || part.fieldname !== 'photo') throw new AppError('validation_failed', 'Send the photo in the "photo" field', { field: 'photo' });
  return part.toBuffer();
}

/** `recordCheckins` is the check-in handler's rules (app.ts wires it). */
const paperRoutes: FastifyPluginAsyncTypebox<{ recordCheckins: RecordCheckins }> = async (app, options) => {
  app.get('/villages/:id/cards.pdf', { schema: { tags, summary: 'QR cards of a village’s farmers, 8 to an A4 page', params: IdParams } }, async (request, reply) =>
    reply.type('application/pdf').header('content-disposition', pdf('cards.pdf')).send(await villageCards(app.db, request.principal!, request.params.id)),
  );
  app.get('/farmers/cards.pdf', { schema: { tags, summary: 'QR cards of chosen farmers', querystring: CardQuery } }, async (request, reply) =>
    reply.type('application/pdf').header('content-disposition', pdf('cards.pdf')).send(await chosenCards(app.db, request.principal!, request.query.ids)),
  );
  app.post(
    '/farmers/:id/card/reissue',
    { schema: { tags, summary: 'Reissue a lost card: a new token; the old card stops working', params: IdParams, response: { 200: Ok, ...problemResponses } } },
    async (request) => {
      await reissueCard(app.db, request.principal!, request.actor(), request.params.id);
      return { ok: true };
    },
  );
  app.post(
    '/sessions/:id/sign-in-sheet.pdf',
    { config: recorders, schema: { tags, summary: 'Print the session’s sign-in sheet (a new sheet each time)', params: IdParams, querystring: SignInSheetQuery } },
    async (request, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', pdf('sign-in-sheet.pdf'))
        .send(await printSignInSheet(app.db, request.principal!, request.actor(), request.params.id, { blankRows: request.query.blankRows })),
  );
  app.get(
    '/sessions/:id/paper/sheets',
    { config: recorders, schema: { tags, summary: 'Sign-in sheets printed for the session, row by row', params: IdParams, response: { 200: PaperSheets, ...problemResponses } } },
    async (request) => listPaperSheets(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/sessions/:id/paper/read',
    {
      config: recorders,
      schema: { tags, summary: 'Read a photo of a signed sheet: the signed rows and their confidence; nothing is written', params: IdParams, consumes: ['multipart/form-data'], response: { 200: PaperReading, ...problemResponses } },
    },
    async (request) => readPaperPhoto(app.db, request.principal!, request.params.id, await readPhoto(request)),
  );
  app.post(
    '/sessions/:id/paper/confirm',
    {
      config: recorders,
      schema: { tags, summary: 'Record the confirmed rows as attendances (method paper); the same rows again are duplicates', params: IdParams, body: ConfirmPaperRows, response: { 200: PaperConfirmResult, ...problemResponses } },
    },
    async (request) => confirmPaperRows(app.db, request.principal!, options.recordCheckins, request.params.id, request.body),
  );
};

export default paperRoutes;
