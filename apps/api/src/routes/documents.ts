import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { Type } from 'typebox';
import { DocumentDetail, DocumentListQuery, DocumentMetadata, DocumentPage, IdParams, MAX_UPLOAD_BYTES, Uuid } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { fieldErrors, type AjvError } from '../plugins/problem.ts';
import { compileBodySchema } from '../plugins/validation.ts';
import { addDocumentVersion, createDocument, deleteDocument, getDocument, getDocumentFile, listDocuments, updateDocument, type Upload } from '../services/documents.ts';
import { problemResponses } from './responses.ts';

const tags = ['documents'];
const adminOnly = { roles: ['admin' as const] };

// Multipart fields arrive as text; the metadata field is JSON checked against the contract.
const validateMetadata = compileBodySchema(DocumentMetadata);

function parseMetadata(raw: string | undefined): DocumentMetadata {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('invalid_json', 'The metadata field is not valid JSON', { field: 'metadata' });
  }
  if (!validateMetadata(value)) {
    const errors = fieldErrors((validateMetadata.errors ?? []) as AjvError[], 'body');
    throw new AppError('validation_failed', 'The metadata has invalid fields', { field: errors[0]?.field, errors });
  }
  return value as DocumentMetadata;
}

/** Reads a multipart upload: one `file` part and an optional `metadata` JSON part. */
async function readUpload(parts: AsyncIterableIterator<Multipart>): Promise<{ upload: Upload; metadata: DocumentMetadata }> {
  let upload: Upload | undefined;
  let metadataText: string | undefined;
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || upload) throw new AppError('validation_failed', 'Send exactly one file, in the "file" field', { field: part.fieldname });
      const bytes = await (part as MultipartFile).toBuffer();
      upload = { fileName: part.filename || 'document', bytes: new Uint8Array(bytes) };
    } else if (part.fieldname === 'metadata') {
      metadataText = String(part.value);
    } else {
      throw new AppError('validation_failed', `Unknown form field ${part.fieldname}`, { field: part.fieldname });
    }
  }
  if (!upload) throw new AppError('validation_failed', 'No file was sent', { field: 'file' });
  return { upload, metadata: parseMetadata(metadataText) };
}

const multipartBody = { consumes: ['multipart/form-data'] };

const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/documents',
    { schema: { tags, summary: 'Policy documents, newest first', querystring: DocumentListQuery, response: { 200: DocumentPage, ...problemResponses } } },
    async (request) => listDocuments(app.db, request.principal!, request.query),
  );
  app.get(
    '/documents/:id',
    { schema: { tags, summary: 'A document with its original text, versions and links', params: IdParams, response: { 200: DocumentDetail, ...problemResponses } } },
    async (request) => getDocument(app.db, app.files, request.principal!, request.params.id),
  );
  app.post(
    '/documents',
    {
      config: adminOnly,
      schema: {
        tags,
        summary: 'Upload a document (PDF, DOCX, HTML, text or Markdown, up to 50 MB) with its metadata as JSON',
        ...multipartBody,
        response: { 201: DocumentDetail, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { upload, metadata } = await readUpload(request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2 } }));
      return reply.status(201).send(await createDocument(app.db, app.files, request.principal!, request.actor(), upload, metadata));
    },
  );
  app.post(
    '/documents/:id/versions',
    {
      config: adminOnly,
      schema: { tags, summary: 'Replace the file; earlier versions are kept', params: IdParams, ...multipartBody, response: { 201: DocumentDetail, ...problemResponses } },
    },
    async (request, reply) => {
      const { upload } = await readUpload(request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0 } }));
      return reply.status(201).send(await addDocumentVersion(app.db, app.files, request.principal!, request.actor(), request.params.id, upload));
    },
  );
  app.patch(
    '/documents/:id',
    { config: adminOnly, schema: { tags, summary: 'Change a document’s metadata', params: IdParams, body: DocumentMetadata, response: { 200: DocumentDetail, ...problemResponses } } },
    async (request) => updateDocument(app.db, app.files, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.delete(
    '/documents/:id',
    { config: adminOnly, schema: { tags, summary: 'Delete a document (kept for the audit trail, gone from search)', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteDocument(app.db, request.principal!, request.actor(), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/documents/:id/versions/:versionId/file',
    { schema: { tags, summary: 'Download the original file of a version', params: Type.Object({ id: Uuid, versionId: Uuid }, { additionalProperties: false }) } },
    async (request, reply) => {
      const version = await getDocumentFile(app.db, request.principal!, request.params.id, request.params.versionId);
      return reply
        .type(version.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(version.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(app.files.open(version.sha256));
    },
  );
};

export default documentRoutes;
