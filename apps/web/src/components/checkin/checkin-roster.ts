// What the roster shows, as pure functions: who matches the search box (the farmers page's
// rule, from contracts) and each farmer's check-in state on this phone.
import type { AttendanceStatus, OfflineRosterEntry, OfflineSession } from '@fieldschool/contracts';
import { farmerMatches } from '@fieldschool/contracts/farmer-search';
import type { QueuedCheckin } from '@/offline/db.ts';

export interface RosterRow extends OfflineRosterEntry {
  villageName: string;
  /** Checked in: known to the server, or waiting in the queue (`waiting`). */
  status: AttendanceStatus | null;
  waiting: boolean;
}

/** The downloaded roster plus walk-ins registered here, each with the state this phone knows. */
export function rosterRows(offline: OfflineSession, queue: readonly QueuedCheckin[]): RosterRow[] {
  const villageName = new Map(offline.villages.map((village) => [village.id, village.name]));
  const server = new Map(offline.checkedIn.map((row) => [row.farmerId, row.status]));
  const queued = new Map<string, QueuedCheckin>();
  const walkIns: RosterRow[] = [];
  for (const entry of queue) {
    if (entry.sessionId !== offline.session.id || entry.state !== 'pending') continue;
    const farmerId = entry.item.farmerId ?? entry.item.provisionalFarmer?.id;
    if (farmerId) queued.set(farmerId, entry);
    const walkIn = entry.item.provisionalFarmer;
    if (walkIn) {
      walkIns.push({
        id: walkIn.id, name: walkIn.name, namePinyin: '', namePinyinInitials: '', idNumberLast4: null, villageId: walkIn.villageId,
        householdNo: null, cardToken: '', villageName: villageName.get(walkIn.villageId) ?? '', status: entry.item.status, waiting: true,
      });
    }
  }
  const rows = offline.roster.map((farmer) => {
    const entry = queued.get(farmer.id);
    return {
      ...farmer,
      villageName: villageName.get(farmer.villageId) ?? '',
      status: server.get(farmer.id) ?? entry?.item.status ?? null,
      waiting: entry !== undefined && !server.has(farmer.id),
    };
  });
  return [...walkIns, ...rows];
}

export function searchRoster(rows: readonly RosterRow[], typed: string): RosterRow[] {
  return typed.trim() === '' ? [...rows] : rows.filter((row) => farmerMatches(row, typed));
}
