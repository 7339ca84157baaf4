import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SchedulePrintQuery } from '@fieldschool/contracts';
import { printSchedule } from '../services/schedule-pdf.ts';

const schedulePrintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sessions/schedule.pdf',
    {
      // Laying out pages costs a little CPU each time: enough for people printing, not for a loop.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['sessions'],
        summary: 'A printable week or month schedule (A4 PDF, in Chinese) of the sessions you see, filtered as the calendar is',
        querystring: SchedulePrintQuery,
      },
    },
    async (request, reply) => {
      const pdf = await printSchedule(app.db, request.principal!, request.query);
      return reply.type('application/pdf').header('content-disposition', 'inline; filename="schedule.pdf"').header('cache-control', 'private, no-store').send(pdf);
    },
  );
};

export default schedulePrintRoutes;
