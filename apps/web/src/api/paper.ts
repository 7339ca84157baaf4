import type { ConfirmPaperRows, PaperConfirmResult, PaperReading, PaperSheets, RosterReport } from '@fieldschool/contracts';
import { fileUrl, request, requestBlob } from './client.ts';

const session = (id: string) => `/sessions/${encodeURIComponent(id)}`;
const village = (id: string) => `/villages/${encodeURIComponent(id)}`;

function fileForm(field: string, file: Blob, name: string): FormData {
  const form = new FormData();
  form.append(field, file, name);
  return form;
}

export const rosterTemplateUrl = () => fileUrl('/rosters/template.xlsx');
export const villageRosterUrl = (villageId: string) => fileUrl(`${village(villageId)}/roster.xlsx`);
export const villageCardsUrl = (villageId: string) => fileUrl(`${village(villageId)}/cards.pdf`);
export const attendanceUrl = (sessionId: string) => fileUrl(`${session(sessionId)}/attendance.xlsx`);

export function checkRoster(villageId: string, file: File): Promise<RosterReport> {
  return request('POST', `${village(villageId)}/roster/check`, { body: fileForm('file', file, file.name) });
}

export function importRoster(villageId: string, file: File, validRowsOnly: boolean): Promise<RosterReport> {
  return request('POST', `${village(villageId)}/roster/import`, { body: fileForm('file', file, file.name), query: { validRowsOnly: validRowsOnly || undefined } });
}

export function reissueCard(farmerId: string): Promise<{ ok: boolean }> {
  return request('POST', `/farmers/${encodeURIComponent(farmerId)}/card/reissue`);
}

export function printSignInSheet(sessionId: string, blankRows: number): Promise<Blob> {
  return requestBlob('POST', `${session(sessionId)}/sign-in-sheet.pdf`, { query: { blankRows } });
}

export function listPaperSheets(sessionId: string, signal?: AbortSignal): Promise<PaperSheets> {
  return request('GET', `${session(sessionId)}/paper/sheets`, { signal });
}

export function readPaperPhoto(sessionId: string, photo: Blob): Promise<PaperReading> {
  return request('POST', `${session(sessionId)}/paper/read`, { body: fileForm('photo', photo, 'sheet.jpg') });
}

export function confirmPaperRows(sessionId: string, body: ConfirmPaperRows): Promise<PaperConfirmResult> {
  return request('POST', `${session(sessionId)}/paper/confirm`, { body });
}
