import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Course, CoursePage, CourseQuery, CreateCourse, IdParams, UpdateCourse } from '@fieldschool/contracts';
import { createCourse, deleteCourse, getCourse, listCourses, updateCourse } from '../services/courses.ts';
import { problemResponses } from './responses.ts';

const tags = ['courses'];
const planners = { roles: ['admin' as const, 'trainer' as const] };

const courseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/courses',
    { schema: { tags, summary: 'Courses taught in your area', querystring: CourseQuery, response: { 200: CoursePage, ...problemResponses } } },
    async (request) => listCourses(app.db, request.principal!, request.query),
  );
  app.get(
    '/courses/:id',
    { schema: { tags, summary: 'One course with the documents it teaches', params: IdParams, response: { 200: Course, ...problemResponses } } },
    async (request) => getCourse(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/courses',
    { config: planners, schema: { tags, summary: 'Create a course', body: CreateCourse, response: { 201: Course, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createCourse(app.db, request.principal!, request.actor(), request.body)),
  );
  app.patch(
    '/courses/:id',
    { config: planners, schema: { tags, summary: 'Change a course', params: IdParams, body: UpdateCourse, response: { 200: Course, ...problemResponses } } },
    async (request) => updateCourse(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.delete(
    '/courses/:id',
    { config: planners, schema: { tags, summary: 'Delete a course no session uses', params: IdParams, response: { 204: { type: 'null' }, ...problemResponses } } },
    async (request, reply) => {
      await deleteCourse(app.db, request.principal!, request.actor(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default courseRoutes;
