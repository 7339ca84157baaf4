import type { OfflineSession } from '@fieldschool/contracts';
import { describe, expect, it } from 'vitest';
import type { QueuedCheckin } from '@/offline/db.ts';
import { rosterRows, searchRoster } from './checkin-roster.ts';

const S = '11111111-1111-4111-8111-111111111111';
const V = '33333333-3333-4333-8333-333333333333';
const farmer = (n: number, name: string, pinyin: string, initials: string, last4: string) => ({
  id: `22222222-2222-4222-8222-${String(n).padStart(12, '0')}`, name, namePinyin: pinyin, namePinyinInitials: initials,
  idNumberLast4: last4, villageId: V, householdNo: '007', cardToken: `card${n}`,
});
const offline = {
  session: { id: S } as OfflineSession['session'],
  villages: [{ id: V, name: '根呷村' }],
  roster: [farmer(1, '泽仁拉姆', 'zerenlamu', 'zrlm', '2041'), farmer(2, '扎西多吉', 'zhaxiduoji', 'zxdj', '1234'), farmer(3, '格桑卓玛', 'gesangzhuoma', 'gszm', '5678')],
  materials: [], checkinSecret: '', generatedAt: '', expiresAt: '',
  checkedIn: [{ farmerId: farmer(2, '', '', '', '').id, status: 'late', checkedInAt: '2026-12-01T02:00:00.000Z' }],
} as OfflineSession;

function queued(item: QueuedCheckin['item'], state: QueuedCheckin['state'] = 'pending'): QueuedCheckin {
  return { id: item.id, userId: 'u', sessionId: S, item, farmerName: '', queuedAt: '', state };
}

describe('rosterRows', () => {
  it('marks who the server has, who waits on the phone, and lists walk-ins first', () => {
    const rows = rosterRows(offline, [
      queued({ id: 'a', sessionId: S, farmerId: offline.roster[0]!.id, status: 'present', method: 'roster', checkedInAt: '' }),
      queued({ id: 'b', sessionId: S, farmerId: offline.roster[2]!.id, status: 'present', method: 'roster', checkedInAt: '' }, 'rejected'),
      queued({ id: 'c', sessionId: S, status: 'excused', method: 'walk_in', checkedInAt: '', provisionalFarmer: { id: 'w', name: '次仁', villageId: V, gender: 'male', birthYear: 1980 } }),
    ]);
    expect(rows.map((r) => [r.name, r.status, r.waiting, r.villageName])).toEqual([
      ['次仁', 'excused', true, '根呷村'],
      ['泽仁拉姆', 'present', true, '根呷村'],
      ['扎西多吉', 'late', false, '根呷村'],
      ['格桑卓玛', null, false, '根呷村'],
    ]);
  });
});

describe('searchRoster', () => {
  it('finds by whole-name part, pinyin initials or last 4 ID digits', () => {
    const rows = rosterRows(offline, []);
    expect(searchRoster(rows, '拉姆').map((r) => r.name)).toEqual(['泽仁拉姆']);
    expect(searchRoster(rows, 'zx').map((r) => r.name)).toEqual(['扎西多吉']);
    expect(searchRoster(rows, '5678').map((r) => r.name)).toEqual(['格桑卓玛']);
    expect(searchRoster(rows, '')).toHaveLength(3);
  });
});
