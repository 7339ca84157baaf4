// The floor of our own stack for `checkin-sync` (b): a bare Fastify route with pg — no
// auth, no validation, no receipts, no audit — doing the one INSERT … ON CONFLICT a check-in
// comes down to, for the same body the api takes. In its own process, like the api.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const recordedBy = process.env.FLOOR_USER_ID;
const app = Fastify({ logger: false });
app.post('/sync', async (request) => {
  const { deviceId, items } = request.body;
  const item = items[0];
  const { rows } = await pool.query(
    `INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (session_id, farmer_id) DO NOTHING RETURNING id`,
    [item.id, item.sessionId, item.farmerId, item.status, item.method, deviceId, recordedBy, item.checkedInAt],
  );
  return { results: [{ id: item.id, result: rows.length ? 'created' : 'merged' }] };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready at', process.env.PORT);
