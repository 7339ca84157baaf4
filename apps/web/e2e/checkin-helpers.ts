import { writeFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import QRCode from 'qrcode';
import { firstCourse } from './schedule-helpers.ts';
import type { ApiSession } from './helpers.ts';

/** The flags that give Chromium a camera playing `file` (a .y4m) and no permission prompt. */
export const fakeCameraArgs = (file: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];

/**
 * A few frames of 640×480 video (YUV4MPEG2, 4:2:0) showing `text` as a QR code, black on
 * white, as a printed card held up to the camera would.
 */
export function writeQrVideo(file: string, text: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const [width, height] = [640, 480];
  const scale = Math.floor(360 / (size + 8));
  const side = (size + 8) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + (y + 4) * scale + dy) * width + left + (x + 4) * scale;
        luma.fill(16, row, row + scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frames = Array.from({ length: 10 }, () => Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]));
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

export interface CheckinSession {
  id: string;
  roster: Array<{ id: string; name: string; cardToken: string }>;
}

/**
 * A session under way now (check-ins are accepted only near its time), taught by `trainerId`,
 * inviting villages until at least `farmers` farmers are on its roster. Made by an admin, who
 * may override the demo year's clashes.
 */
export async function sessionHappeningNow(admin: ApiSession, trainerId: string, farmers: number): Promise<CheckinSession> {
  const course = await firstCourse(admin);
  const villages = ((await (await admin.api.get('/api/v1/org-units', { params: { level: 'village' } })).json()) as { items: Array<{ id: string }> }).items;
  const startsAt = new Date(Date.now() - 30 * 60_000).toISOString();
  const endsAt = new Date(Date.now() + 90 * 60_000).toISOString();
  for (let invited = 15; invited <= 50; invited += 10) {
    const targetVillageIds = villages.slice(0, invited).map((v) => v.id);
    const response = await admin.api.post('/api/v1/sessions', {
      headers: { 'x-csrf-token': admin.csrf },
      data: {
        courseId: course.id, villageId: targetVillageIds[0], venue: '村委会', trainerIds: [trainerId], capacity: 2000, targetVillageIds,
        startsAt, endsAt, override: { reason: 'e2e: check-in at a session under way now' },
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    const { sessions } = (await response.json()) as { sessions: Array<{ id: string }> };
    const id = sessions[0]!.id;
    const offline = await admin.api.get(`/api/v1/sessions/${id}/offline`);
    expect(offline.status()).toBe(200);
    const { roster } = (await offline.json()) as { roster: CheckinSession['roster'] };
    if (roster.length >= farmers) return { id, roster };
  }
  throw new Error(`no session with ${farmers} invited farmers`);
}

/** The attendances the server holds for a session, as the offline bundle lists them. */
export async function attendancesOf(session: ApiSession, sessionId: string): Promise<Array<{ farmerId: string }>> {
  const response = await session.api.get(`/api/v1/sessions/${sessionId}/offline`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { checkedIn: Array<{ farmerId: string }> }).checkedIn;
}
