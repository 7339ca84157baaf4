import { pgEnum } from 'drizzle-orm/pg-core';

export const orgLevel = pgEnum('org_level', ['county', 'township', 'village']);
export const userRole = pgEnum('user_role', ['admin', 'trainer', 'secretary']);
export const gender = pgEnum('gender', ['female', 'male']);
/** 低保 (minimum living allowance), 五保 (five guarantees), a household under poverty monitoring (监测户). */
export const householdCategory = pgEnum('household_category', ['dibao', 'wubao', 'monitored']);
export const courseTopic = pgEnum('course_topic', [
  'agri_tech',
  'healthcare',
  'poverty_relief',
  'law',
  'party_building',
  'other',
]);
export const sessionStatus = pgEnum('session_status', ['scheduled', 'in_progress', 'completed', 'cancelled']);
export const feedKind = pgEnum('feed_kind', ['trainer', 'village']);
export const attendanceStatus = pgEnum('attendance_status', ['present', 'late', 'excused', 'absent']);
export const checkInMethod = pgEnum('check_in_method', ['qr_card', 'session_qr', 'roster', 'walk_in', 'paper']);
export const documentValidity = pgEnum('document_validity', ['valid', 'revised', 'repealed']);
export const textStatus = pgEnum('text_status', ['ok', 'no_text']);
export const outboxOp = pgEnum('outbox_op', ['upsert', 'delete']);
