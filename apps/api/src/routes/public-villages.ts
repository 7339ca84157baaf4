import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, MAX_PHOTO_BYTES, PublicVillage, SecretaryProfile, UpdateSecretaryProfile, VillageParams } from '@fieldschool/contracts';
import { getOwnProfile, publicPhoto, publicVillage, setOwnPhoto, updateOwnProfile } from '../services/secretaries/public-page.ts';
import { problemResponses } from './responses.ts';
import { readSingleFile } from './single-file-upload.ts';

const tags = ['secretaries'];
const ownProfile = { roles: ['secretary' as const] };
/** Anyone may read the page, so a flood is cut per address. */
const publicPage = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } };

/** The village's public page, and the secretary's choice of what goes on it. */
const publicVillageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/secretaries/me/profile', { config: ownProfile, schema: { tags, summary: 'What you publish on your village page', response: { 200: SecretaryProfile, ...problemResponses } } }, async (request) =>
    getOwnProfile(app.db, request.principal!),
  );
  app.patch(
    '/secretaries/me/profile',
    { config: ownProfile, schema: { tags, summary: 'Choose what to publish', body: UpdateSecretaryProfile, response: { 200: SecretaryProfile, ...problemResponses } } },
    async (request) => updateOwnProfile(app.db, request.principal!, request.actor(), request.body),
  );
  app.post(
    '/secretaries/me/photo',
    { config: ownProfile, schema: { tags, summary: 'Upload your photo (resized, EXIF and GPS removed)', consumes: ['multipart/form-data'], response: { 201: SecretaryProfile, ...problemResponses } } },
    async (request, reply) => {
      const upload = await readSingleFile(request.parts({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0 } }), 'photo_too_large');
      return reply.status(201).send(await setOwnPhoto(app.db, app.files, request.principal!, request.actor(), upload));
    },
  );
  app.get(
    '/public/villages/:villageId',
    { config: publicPage, schema: { tags, summary: "A village's public page: its secretary's published details and the matters done", params: VillageParams, response: { 200: PublicVillage, ...problemResponses } } },
    async (request) => publicVillage(app.db, request.params.villageId),
  );
  app.get('/public/secretary-photos/:id', { config: publicPage, schema: { tags, summary: "A secretary's published photo", params: IdParams } }, async (request, reply) =>
    reply.type('image/jpeg').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(await publicPhoto(app.db, app.files, request.params.id)),
  );
};

export default publicVillageRoutes;
