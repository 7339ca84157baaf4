// The generated report year, shared by the reports benchmark and anyone who wants to EXPLAIN its
// queries on the same data.
export const YEAR = 2031;

/**
 * The generated year, set-based: 215 × scale sessions over 2031 in the demo county's villages
 * (one in 50 cancelled), 45,000 × scale attendance records (present, late, excused, absent),
 * 15,000 farmers at the county's scale and 450,000 at the prefecture's, one materials row per session.
 */
export async function generateYear(query: (sql: string) => Promise<unknown>, scale: number): Promise<void> {
  const sessions = 215 * scale;
  const attendances = 45_000 * scale;
  const farmers = scale === 1 ? 15_000 : 450_000;
  const perSession = Math.ceil(attendances / sessions);
  await query(`INSERT INTO courses (id, title, topic, org_unit_id)
    SELECT md5('bench-course-' || t)::uuid, 'bench ' || t, t, (SELECT id FROM org_units WHERE level = 'county')
    FROM unnest(enum_range(NULL::course_topic)) t`);
  await query(`INSERT INTO farmers (id, village_id, name, gender, birth_year, party_member, household_category, card_token)
    SELECT md5('bench-farmer-' || i)::uuid, v.ids[1 + i % v.n], '农民' || i, (CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END)::gender,
      1950 + i % 50, i % 30 = 0, (CASE i % 25 WHEN 0 THEN 'dibao' WHEN 1 THEN 'wubao' WHEN 2 THEN 'monitored' END)::household_category, 'bench-card-' || i
    FROM generate_series(0, ${farmers - 1}) i,
      (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM org_units WHERE level = 'village') v`);
  await query(`INSERT INTO training_sessions (id, course_id, village_id, venue, starts_at, ends_at, capacity, status, checkin_secret)
    SELECT md5('bench-session-' || j)::uuid, md5('bench-course-' || (enum_range(NULL::course_topic))[1 + j % 6])::uuid, v.ids[1 + (j * 7) % v.n], '村活动室',
      timestamptz '${YEAR}-01-01 09:00+08' + make_interval(days => (j * 365) / ${sessions}, hours => (j % 3) * 3),
      timestamptz '${YEAR}-01-01 11:00+08' + make_interval(days => (j * 365) / ${sessions}, hours => (j % 3) * 3),
      250, (CASE WHEN j % 50 = 7 THEN 'cancelled' ELSE 'completed' END)::session_status, 'bench'
    FROM generate_series(0, ${sessions - 1}) j,
      (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM org_units WHERE level = 'village') v`);
  await query(`INSERT INTO session_trainers (session_id, trainer_id)
    SELECT md5('bench-session-' || j)::uuid, t.ids[1 + j % t.n]
    FROM generate_series(0, ${sessions - 1}) j, (SELECT array_agg(id ORDER BY username) AS ids, count(*)::int AS n FROM users WHERE role = 'trainer') t`);
  // In slices of 500,000 rows: each statement's trigger folds its own rows into the rollup.
  for (let first = 0; first < attendances; first += 500_000) {
    const last = Math.min(attendances, first + 500_000) - 1;
    await query(`INSERT INTO attendances (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at, created_at)
      SELECT md5('bench-attendance-' || i)::uuid, md5('bench-session-' || (i / ${perSession}))::uuid,
        md5('bench-farmer-' || (((i / ${perSession}) * 7919 + (i % ${perSession}) * 104729) % ${farmers}))::uuid,
        (CASE WHEN i % 20 = 0 THEN 'excused' WHEN i % 23 = 0 THEN 'absent' WHEN i % 10 = 0 THEN 'late' ELSE 'present' END)::attendance_status,
        'roster', 'bench', a.id, timestamptz '${YEAR}-01-01 10:00+08', timestamptz '${YEAR}-01-01 10:00+08'
      FROM generate_series(${first}, ${last}) i, (SELECT id FROM users WHERE username = 'admin') a`);
  }
  await query(`INSERT INTO materials (id, title, topic, org_unit_id)
    SELECT md5('bench-material')::uuid, '马铃薯种植技术手册', 'agri_tech', id FROM org_units WHERE level = 'county'`);
  // Each hand-out draws on the stock of the session's township.
  await query(`INSERT INTO material_distributions (id, session_id, material_id, township_id, quantity, recorded_by, device_id, distributed_at)
    SELECT md5('bench-distribution-' || j)::uuid, s.id, md5('bench-material')::uuid, v.parent_id, 150, a.id, 'bench', timestamptz '${YEAR}-01-01 12:00+08'
    FROM generate_series(0, ${sessions - 1}) j
      JOIN training_sessions s ON s.id = md5('bench-session-' || j)::uuid
      JOIN org_units v ON v.id = s.village_id,
      (SELECT id FROM users WHERE username = 'admin') a`);
  // A year of real writes has been through autovacuum: without a visibility map every index-only
  // scan of the freshly loaded tables would read the heap too.
  await query('VACUUM ANALYZE');
}
