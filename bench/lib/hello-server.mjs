// The reference for `throughput`: a bare Fastify hello-world, in its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const port = Number(process.env.PORT ?? 3001);
await app.listen({ port, host: '127.0.0.1' });
console.log(`ready at http://127.0.0.1:${port}`);
const stop = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
