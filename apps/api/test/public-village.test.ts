import { beforeAll, describe, expect, it } from 'vitest';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { schema } from '@fieldschool/db';
import { MAX_PHOTO_BYTES } from '@fieldschool/contracts';
import { exifOf, hasGps, phoneJpeg } from './secretary-fixtures.ts';
import { useTestApp, type Session } from './test-app.ts';
import { uploadRequest } from './upload.ts';

const ctx = useTestApp('public-village');
let secretary: Session;
beforeAll(async () => {
  secretary = await ctx.signIn('secretary');
  await ctx.db.db.update(schema.users).set({ phone: '13800001111', displayName: '格桑' }).where(eq(schema.users.username, 'secretary'));
  await ctx.db.db.insert(schema.practicalMatters).values([
    { villageId: ctx.fixtures.genga.id, title: '通村路硬化', category: 'road', status: 'done', doneOn: '2026-09-30', beneficiaryHouseholds: 71 },
    { villageId: ctx.fixtures.genga.id, title: '拟建冷库', category: 'industry_project', status: 'proposed' },
  ]);
  await ctx.db.db.insert(schema.farmers).values({ villageId: ctx.fixtures.genga.id, name: '泽仁拉姆', householdNo: '07', householdCategory: 'dibao', cardToken: 'public-test' });
});

const page = () => ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${ctx.fixtures.genga.id}` });

describe("the village's public page", () => {
  it('shows, without sign-in, only the done matters until the secretary publishes something, then only what was published', async () => {
    const before = await page();
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ villageName: '根呷村', townshipName: '河坡乡', secretaries: [], mattersDone: [{ title: '通村路硬化', category: 'road', doneOn: '2026-09-30', beneficiaryHouseholds: 71, fundsFen: 0 }] });
    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/secretaries/me/profile', headers: secretary.headers, payload: { post: '驻村第一书记（县农牧局派驻）', publishName: true, publishPost: true } });
    const named = (await page()).json();
    expect(named.secretaries).toEqual([{ name: '格桑', post: '驻村第一书记（县农牧局派驻）' }]);
    // Nothing about the village's people, no phone (not published), nothing proposed.
    const body = JSON.stringify(named);
    for (const hidden of ['13800001111', '泽仁拉姆', 'dibao', '拟建冷库']) expect(body).not.toContain(hidden);
    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/secretaries/me/profile', headers: secretary.headers, payload: { publishPhone: true } });
    expect((await page()).json().secretaries[0].phone).toBe('13800001111');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${ctx.fixtures.hepo.id}` })).statusCode).toBe(404);
  });

  it('stores the photo resized and without EXIF or GPS, and shows it only once published', async () => {
    const photo = await phoneJpeg(2400, 1800);
    expect(hasGps(await exifOf(photo))).toBe(true);
    const uploaded = await ctx.app.inject(uploadRequest(secretary, '/api/v1/secretaries/me/photo', { name: 'me.jpg', bytes: photo, type: 'image/jpeg' }));
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({ hasPhoto: true, publishPhoto: false });
    const [profile] = await ctx.db.db.select().from(schema.secretaryProfiles);
    const stored = await sharp(await buffer(ctx.app.files.open(profile!.photoSha256!))).metadata();
    expect(stored.exif).toBeUndefined();
    expect(Math.max(stored.width, stored.height)).toBe(600);
    expect((await page()).json().secretaries[0].photoUrl).toBeUndefined();
    const id = profile!.userId;
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/secretary-photos/${id}` })).statusCode).toBe(404);

    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/secretaries/me/profile', headers: secretary.headers, payload: { publishPhoto: true } });
    const photoUrl = (await page()).json().secretaries[0].photoUrl as string;
    const served = await ctx.app.inject({ method: 'GET', url: photoUrl });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(hasGps(await exifOf(served.rawPayload))).toBe(false);
    expect(await exifOf(served.rawPayload)).toBeUndefined();
  });

  it('refuses a file that is not an image and one over the size limit', async () => {
    const text = await ctx.app.inject(uploadRequest(secretary, '/api/v1/secretaries/me/photo', { name: 'me.jpg', bytes: 'GIF89a but not really', type: 'image/jpeg' }));
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ code: 'photo_invalid', field: 'file' });
    const huge = await ctx.app.inject(uploadRequest(secretary, '/api/v1/secretaries/me/photo', { name: 'big.jpg', bytes: new Uint8Array(MAX_PHOTO_BYTES + 1), type: 'image/jpeg' }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'photo_too_large', field: 'file' });
    const admin = await ctx.signIn('admin');
    expect((await ctx.app.inject(uploadRequest(admin, '/api/v1/secretaries/me/photo', { name: 'me.jpg', bytes: await phoneJpeg(), type: 'image/jpeg' }))).statusCode).toBe(403);
  });

  it('is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i += 1) statuses.push((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/villages/${ctx.fixtures.mamen.id}`, remoteAddress: '203.0.113.9' })).statusCode);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
