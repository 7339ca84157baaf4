// `pnpm create-admin <username> [county name]`: the first account of a deployment whose
// database starts empty (DATABASE_URL without the demo). Creates the county if there is
// no org unit yet, and a county admin with a generated password, printed once.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, isNull } from 'drizzle-orm';
import { connectDatabase, schema, withSetupLock } from '@fieldschool/db';
import { readConfig } from '../config.ts';
import { migrate } from '../bundle-paths.ts';
import { reachBackingServices } from '../runtime.ts';
import { recordAudit } from '../services/audit.ts';
import { hashPassword } from '../services/passwords.ts';

const [username, countyName = '白玉县'] = process.argv.slice(2);
if (!username || !/^[a-zA-Z0-9._-]{3,40}$/.test(username)) {
  console.error('usage: pnpm create-admin <username> [county name]   (username: 3-40 letters, digits, . _ -)');
  process.exit(2);
}

const config = readConfig();
const services = await reachBackingServices(config, (message) => console.log(`[create-admin] ${message}`));
const connection = connectDatabase(services.databaseUrl, { max: 1 });
try {
  await withSetupLock(services.databaseUrl, () => migrate(connection.db));
  const password = randomBytes(12).toString('base64url');
  await connection.db.transaction(async (tx) => {
    let [county] = await tx.select().from(schema.orgUnits).where(isNull(schema.orgUnits.parentId));
    if (!county) {
      const id = randomUUID();
      [county] = await tx.insert(schema.orgUnits).values({ id, level: 'county', name: countyName, code: 'county', path: `/${id}/` }).returning();
    }
    const [taken] = await tx.select().from(schema.users).where(eq(schema.users.username, username.toLowerCase()));
    if (taken) throw new Error(`user ${username} already exists`);
    const [user] = await tx
      .insert(schema.users)
      .values({ username: username.toLowerCase(), displayName: username, passwordHash: await hashPassword(password), role: 'admin', orgUnitId: county!.id })
      .returning();
    await recordAudit(tx, { userId: null }, { action: 'user.create_admin_cli', entity: 'user', entityId: user!.id });
  });
  console.log(`[create-admin] county admin "${username.toLowerCase()}" created with password: ${password}`);
  console.log('[create-admin] sign in and change it on the Account page.');
} catch (error) {
  console.error(`[create-admin] failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await connection.close();
  await services.stop();
}
