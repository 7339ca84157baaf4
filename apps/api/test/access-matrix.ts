import type { Role } from '@fieldschool/contracts';
import type { AreaRows } from './access-fixtures.ts';

/** A column of the matrix: who calls, and whether the row they name lies inside their area. */
export interface Caller {
  name: string;
  username: string | null;
  role: Role | null;
  row: 'inside' | 'outside';
}

export const callers: Caller[] = [
  { name: 'county admin', username: 'admin', role: 'admin', row: 'inside' },
  { name: 'township admin, row inside', username: 'hepo-admin', role: 'admin', row: 'inside' },
  { name: 'township admin, row outside', username: 'hepo-admin', role: 'admin', row: 'outside' },
  { name: 'trainer', username: 'trainer', role: 'trainer', row: 'inside' },
  { name: 'secretary, row inside', username: 'secretary', role: 'secretary', row: 'inside' },
  { name: 'secretary, row outside', username: 'secretary', role: 'secretary', row: 'outside' },
  { name: 'signed out', username: null, role: null, row: 'inside' },
];

/**
 * Every operation × every caller: the status each cell answers (access-matrix.test.ts calls
 * them all). Inside = a row in 根呷村 (河坡乡, the township admin's area and the secretary's
 * village); outside = the same kind of row in 阿察村. The county admin and the trainer are
 * county-wide, so every row is inside for them. 400 on a write: the caller got through the
 * role gate and the probe body (probeBodies) was `{}`. A new route without a row fails.
 * Deletions run last and callers right to left, so the one the table shows deleting (204)
 * leaves a 404 for those to its left.
 */
// prettier-ignore
export const accessMatrix: Record<string, number[]> = {
  //                                                         cnty  twp  twp trnr secr secr sign
  //                                                          adm   in  out        in  out  out
  'GET /api/health':                                         [200, 200, 200, 200, 200, 200, 200],
  'POST /api/v1/auth/login':                                 [400, 400, 400, 400, 400, 400, 400],
  'GET /api/v1/auth/session':                                [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/auth/logout':                                [204, 204, 204, 204, 204, 204, 401],
  'PATCH /api/v1/auth/me':                                   [400, 400, 400, 400, 400, 400, 401],
  'POST /api/v1/auth/password':                              [400, 400, 400, 400, 400, 400, 401],
  'GET /api/v1/org-units':                                   [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/org-units':                                  [400, 400, 400, 403, 403, 403, 401],
  'PATCH /api/v1/org-units/{id}':                            [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/users':                                       [200, 200, 200, 403, 403, 403, 401],
  'POST /api/v1/users':                                      [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/users/{id}':                                  [200, 200, 404, 403, 403, 403, 401],
  'PATCH /api/v1/users/{id}':                                [200, 200, 404, 403, 403, 403, 401],
  'POST /api/v1/users/{id}/unlock':                          [204, 204, 404, 403, 403, 403, 401],
  'GET /api/v1/farmers':                                     [200, 200, 400, 200, 200, 400, 401],
  'POST /api/v1/farmers':                                    [201, 201, 400, 201, 201, 400, 401],
  'GET /api/v1/farmers/{id}':                                [200, 200, 404, 200, 200, 404, 401],
  'PATCH /api/v1/farmers/{id}':                              [200, 200, 404, 200, 200, 404, 401],
  'POST /api/v1/farmers/{id}/merge':                         [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/documents':                                   [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/documents':                                  [415, 415, 415, 403, 403, 403, 401],
  'GET /api/v1/documents/{id}':                              [404, 404, 404, 404, 404, 404, 401],
  'PATCH /api/v1/documents/{id}':                            [404, 404, 404, 403, 403, 403, 401],
  'POST /api/v1/documents/{id}/versions':                    [415, 415, 415, 403, 403, 403, 401],
  'GET /api/v1/documents/{id}/versions/{versionId}/file':    [404, 404, 404, 404, 404, 404, 401],
  'GET /api/v1/search':                                      [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/search/suggest':                              [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/synonyms':                                    [200, 200, 200, 403, 403, 403, 401],
  'POST /api/v1/synonyms':                                   [400, 400, 400, 403, 403, 403, 401],
  'PUT /api/v1/synonyms/{id}':                               [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/courses':                                     [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/courses':                                    [400, 400, 400, 400, 403, 403, 401],
  'GET /api/v1/courses/{id}':                                [200, 200, 404, 200, 200, 404, 401],
  'PATCH /api/v1/courses/{id}':                              [200, 200, 404, 403, 403, 403, 401],
  'GET /api/v1/sessions':                                    [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/sessions':                                   [400, 400, 400, 400, 403, 403, 401],
  'GET /api/v1/sessions/{id}':                               [200, 200, 404, 200, 200, 404, 401],
  'PATCH /api/v1/sessions/{id}':                             [200, 200, 404, 200, 403, 403, 401],
  'POST /api/v1/sessions/conflicts':                         [400, 400, 400, 400, 403, 403, 401],
  'POST /api/v1/sessions/{id}/cancel':                       [400, 400, 400, 400, 403, 403, 401],
  'POST /api/v1/sessions/{id}/status':                       [400, 400, 400, 400, 403, 403, 401],
  'GET /api/v1/series/{id}':                                 [404, 404, 404, 404, 404, 404, 401],
  'GET /api/v1/travel-times':                                [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/travel-times/estimate':                       [200, 200, 400, 200, 200, 400, 401],
  'PUT /api/v1/travel-times/buffer':                         [400, 400, 400, 403, 403, 403, 401],
  'PUT /api/v1/travel-times/overrides':                      [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/feed-tokens':                                 [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/feed-tokens':                                [400, 400, 400, 400, 400, 400, 401],
  'GET /api/v1/feeds/{token}':                               [400, 400, 400, 400, 400, 400, 400],
  'GET /api/v1/sessions/schedule.pdf':                       [400, 400, 400, 400, 400, 400, 401],
  'GET /api/v1/trainers':                                    [200, 200, 400, 200, 403, 403, 401],
  'POST /api/v1/work-days':                                  [403, 403, 403, 403, 400, 400, 401],
  'GET /api/v1/work-days':                                   [200, 200, 404, 403, 200, 404, 401],
  'POST /api/v1/secretaries/{secretaryId}/leaves':           [201, 201, 404, 403, 403, 403, 401],
  'GET /api/v1/secretaries/shortfalls':                      [200, 200, 200, 403, 403, 403, 401],
  'GET /api/v1/secretaries/evaluation-rules':                [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/supervision':                                 [200, 200, 400, 403, 403, 403, 401],
  'GET /api/v1/supervision/export':                          [200, 200, 400, 403, 403, 403, 401],
  'PUT /api/v1/supervision/{secretaryId}/comment':           [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/matters':                                     [200, 200, 400, 200, 200, 400, 401],
  'POST /api/v1/matters':                                    [201, 201, 400, 403, 201, 400, 401],
  'GET /api/v1/matters/totals':                              [200, 200, 400, 200, 200, 400, 401],
  'GET /api/v1/matters/{id}':                                [200, 200, 404, 200, 200, 404, 401],
  'PATCH /api/v1/matters/{id}':                              [200, 200, 404, 403, 200, 404, 401],
  'POST /api/v1/matters/{id}/files':                         [415, 415, 415, 403, 415, 415, 401],
  'GET /api/v1/matters/{id}/files/{fileId}':                 [404, 404, 404, 404, 404, 404, 401],
  'DELETE /api/v1/matters/{id}/files/{fileId}':              [404, 404, 404, 403, 404, 404, 401],
  'GET /api/v1/households':                                  [200, 200, 404, 403, 200, 404, 401],
  'GET /api/v1/households/{villageId}/{householdNo}':        [200, 200, 404, 403, 200, 404, 401],
  'PATCH /api/v1/households/{villageId}/{householdNo}':      [200, 200, 404, 403, 200, 404, 401],
  'POST /api/v1/households/{villageId}/{householdNo}/needs': [201, 201, 404, 403, 201, 404, 401],
  'GET /api/v1/secretaries/me/profile':                      [403, 403, 403, 403, 200, 200, 401],
  'PATCH /api/v1/secretaries/me/profile':                    [403, 403, 403, 403, 400, 400, 401],
  'POST /api/v1/secretaries/me/photo':                       [403, 403, 403, 403, 415, 415, 401],
  'GET /api/v1/public/villages/{villageId}':                 [200, 200, 200, 200, 200, 200, 200],
  'GET /api/v1/public/secretary-photos/{id}':                [404, 404, 404, 404, 404, 404, 404],
  'POST /api/v1/checkins/sync':                              [400, 400, 400, 400, 400, 400, 401],
  'GET /api/v1/sessions/{id}/offline':                       [200, 200, 404, 200, 403, 403, 401],
  'GET /api/v1/self-checkin/{id}':                           [200, 200, 200, 200, 200, 200, 200],
  'POST /api/v1/self-checkin':                               [400, 400, 400, 400, 400, 400, 400],
  'GET /api/v1/materials':                                   [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/materials':                                  [400, 400, 400, 403, 403, 403, 401],
  'GET /api/v1/materials/{id}':                              [200, 200, 404, 200, 200, 404, 401],
  'PATCH /api/v1/materials/{id}':                            [200, 200, 404, 403, 403, 403, 401],
  'GET /api/v1/sessions/{id}/distributions':                 [200, 200, 404, 200, 200, 404, 401],
  'POST /api/v1/sessions/{id}/distributions':                [400, 400, 400, 400, 403, 403, 401],
  'GET /api/v1/rosters/template.xlsx':                       [200, 200, 200, 200, 200, 200, 401],
  'POST /api/v1/villages/{id}/roster/check':                 [415, 415, 415, 415, 415, 415, 401],
  'POST /api/v1/villages/{id}/roster/import':                [415, 415, 415, 415, 415, 415, 401],
  'GET /api/v1/villages/{id}/roster.xlsx':                   [200, 200, 404, 200, 200, 404, 401],
  'GET /api/v1/sessions/{id}/attendance.xlsx':               [200, 200, 404, 200, 200, 404, 401],
  'GET /api/v1/villages/{id}/cards.pdf':                     [200, 200, 404, 200, 200, 404, 401],
  'GET /api/v1/farmers/cards.pdf':                           [200, 200, 400, 200, 200, 400, 401],
  'POST /api/v1/farmers/{id}/card/reissue':                  [200, 200, 404, 200, 200, 404, 401],
  'POST /api/v1/sessions/{id}/sign-in-sheet.pdf':            [200, 200, 404, 200, 403, 403, 401],
  'GET /api/v1/sessions/{id}/paper/sheets':                  [200, 200, 404, 200, 403, 403, 401],
  'POST /api/v1/sessions/{id}/paper/read':                   [415, 415, 415, 415, 403, 403, 401],
  'POST /api/v1/sessions/{id}/paper/confirm':                [400, 400, 400, 400, 403, 403, 401],
  'GET /api/v1/reports/summary':                             [200, 200, 400, 200, 200, 400, 401],
  'GET /api/v1/reports/by-month':                            [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/by-topic':                            [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/by-unit':                             [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/sessions':                            [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/sessions/{id}/roster':                [200, 200, 404, 200, 200, 404, 401],
  'GET /api/v1/reports/farmers/{id}':                        [200, 200, 404, 200, 200, 404, 401],
  'GET /api/v1/reports/untrained':                           [200, 200, 400, 200, 200, 400, 401],
  'GET /api/v1/reports/quality':                             [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/attendances.csv':                     [200, 200, 400, 200, 200, 400, 401],
  'GET /api/v1/reports/attendances.xlsx':                    [200, 200, 200, 200, 200, 200, 401],
  'GET /api/v1/reports/summary.pdf':                         [200, 200, 200, 200, 200, 200, 401],
  'DELETE /api/v1/documents/{id}':                           [404, 404, 404, 403, 403, 403, 401],
  'DELETE /api/v1/synonyms/{id}':                            [404, 404, 404, 403, 403, 403, 401],
  'DELETE /api/v1/courses/{id}':                             [404, 204, 404, 403, 403, 403, 401],
  'DELETE /api/v1/travel-times/overrides':                   [400, 400, 400, 403, 403, 403, 401],
  'DELETE /api/v1/feed-tokens/{id}':                         [404, 404, 404, 404, 404, 404, 401],
};
/**
 * What a cell sends besides its path. A query an operation needs names the caller's row;
 * a write sends a small valid change where one is harmless to repeat, so the cell reaches
 * the area check; any other write sends `{}`, and its cell shows the role gate let it
 * through to validation (400).
 */
export const probeQueries: Record<string, (rows: AreaRows) => Record<string, string>> = {
  'GET /api/v1/search': () => ({ q: '医保' }),
  'GET /api/v1/search/suggest': () => ({ q: '医' }),
  'GET /api/v1/travel-times/estimate': (rows) => ({ fromVillageId: rows.village, toVillageId: rows.village }),
  'GET /api/v1/sessions/schedule.pdf': () => ({ from: '2031-03-01', to: '2031-03-31' }),
  'GET /api/v1/work-days': (rows) => ({ month: '2026-11', secretaryId: rows.secretary }),
  'GET /api/v1/secretaries/shortfalls': () => ({ month: '2026-11' }),
  'GET /api/v1/supervision': (rows) => ({ year: '2026', orgUnitId: rows.orgUnit }),
  'GET /api/v1/supervision/export': (rows) => ({ year: '2026', orgUnitId: rows.orgUnit }),
  'GET /api/v1/matters': (rows) => ({ orgUnitId: rows.orgUnit }),
  'GET /api/v1/matters/totals': (rows) => ({ orgUnitId: rows.orgUnit }),
  'GET /api/v1/households': (rows) => ({ villageId: rows.village }),
  'GET /api/v1/farmers': (rows) => ({ orgUnitId: rows.orgUnit }),
  'GET /api/v1/farmers/cards.pdf': (rows) => ({ ids: rows.farmer }),
  'GET /api/v1/trainers': (rows) => ({ villageId: rows.village }),
  'GET /api/v1/reports/summary': (rows) => ({ orgUnitId: rows.orgUnit }),
  'GET /api/v1/reports/untrained': (rows) => ({ orgUnitId: rows.orgUnit }),
  'GET /api/v1/reports/attendances.csv': (rows) => ({ orgUnitId: rows.orgUnit }),
};
export const probeBodies: Record<string, (rows: AreaRows) => unknown> = {
  'PATCH /api/v1/users/{id}': () => ({ locale: 'zh-CN' }),
  'PATCH /api/v1/farmers/{id}': () => ({ gender: 'female' }),
  'PATCH /api/v1/courses/{id}': () => ({ description: '课程简介' }),
  'PATCH /api/v1/sessions/{id}': () => ({ capacity: 30 }),
  'PATCH /api/v1/matters/{id}': () => ({ fundsFen: 100 }),
  'PATCH /api/v1/materials/{id}': () => ({ format: 'leaflet' }),
  'PATCH /api/v1/households/{villageId}/{householdNo}': () => ({ incomeBand: null }),
  'POST /api/v1/households/{villageId}/{householdNo}/needs': () => ({ notedOn: '2026-11-02', need: '饮水' }),
  'POST /api/v1/secretaries/{secretaryId}/leaves': () => ({ month: '2026-11', reason: '病假' }),
  'POST /api/v1/matters': (rows) => ({ villageId: rows.village, title: '村道维修', category: 'road' }),
  'POST /api/v1/farmers': (rows) => ({ villageId: rows.village, name: '新农户' }),
};
