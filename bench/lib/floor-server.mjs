// The floor of our own stack for `throughput`: a bare Fastify route with pg — no auth,
// no validation, no response schema, no security headers — running the farmers page's
// own prepared statement (name, SQL and values taken from the api's Drizzle query by the
// benchmark) and answering the same JSON body. In its own process, like the api.
import Fastify from 'fastify';
import pg from 'pg';

const statement = JSON.parse(process.env.FLOOR_STATEMENT ?? '{}');
const pageSize = Number(process.env.FLOOR_PAGE_SIZE);
// The api's pool size (server.ts), so neither side has more connections to PostgreSQL, and
// the settings of the api's connections for this statement (its generic plan).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, options: statement.connectionOptions ?? undefined });

const masked = (phone) => (phone === null ? null : phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

// Columns come in the order of the api's select; the benchmark checks that both bodies are equal.
const toItem = ([id, villageId, villageName, townshipName, householdNo, name, , gender, birthYear, phone, idNumberLast4, provisional, createdAt, updatedAt]) => ({
  id,
  villageId,
  villageName,
  townshipName,
  householdNo,
  name,
  gender,
  birthYear,
  phoneMasked: masked(phone),
  idNumberLast4,
  provisional,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

const app = Fastify({ logger: false });
app.get('/farmers', async () => {
  const { rows } = await pool.query({ name: statement.name, text: statement.text, values: statement.values, rowMode: 'array' });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  // The api's keyset cursor: the last row's pinyin and id.
  const nextCursor = rows.length > pageSize && last ? Buffer.from(JSON.stringify([last[6], last[0]])).toString('base64url') : null;
  return { items: page.map(toItem), nextCursor };
});

const port = Number(process.env.PORT ?? 3001);
await app.listen({ port, host: '127.0.0.1' });
console.log(`ready at http://127.0.0.1:${port}`);
const stop = () => app.close().then(() => pool.end()).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
