import type { AttendanceStatus } from '@fieldschool/contracts';

/**
 * The late rule, written once for sync, self check-in and the generator: a `present`
 * check-in more than the course's grace minutes after the session's start is `late`.
 * Any other status is kept as recorded.
 */
export function lateStatus(recorded: AttendanceStatus, checkedInAt: Date, startsAt: Date, lateAfterMinutes: number): AttendanceStatus {
  if (recorded !== 'present') return recorded;
  return checkedInAt.getTime() > startsAt.getTime() + lateAfterMinutes * 60_000 ? 'late' : 'present';
}
