-- The write path of a check-in in the database (issue 8). First, the report triggers run static SQL: their EXECUTE format(…) statement was planned on
-- every call, 0.9 ms of a single check-in's 1.2 ms write in the database. Each operation now reads
-- its transition tables in a statement of its own, and the counting is written once, in a
-- function that takes the changed rows as arrays; PL/pgSQL keeps the plans of both.
CREATE OR REPLACE FUNCTION report_attendance_deltas_append(session_ids uuid[], farmer_ids uuid[], statuses attendance_status[], signs int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_session_deltas (session_id, attendances, women, party_members, dibao, wubao, monitored, excused, absent)
	SELECT * FROM (
		SELECT d.session_id,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late')), 0) AS attendances,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.gender = 'female'), 0) AS women,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.party_member), 0) AS party_members,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'dibao'), 0) AS dibao,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'wubao'), 0) AS wubao,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'monitored'), 0) AS monitored,
			coalesce(sum(d.sign) FILTER (WHERE d.status = 'excused'), 0) AS excused,
			coalesce(sum(d.sign) FILTER (WHERE d.status = 'absent'), 0) AS absent
		FROM unnest(session_ids, farmer_ids, statuses, signs) AS d(session_id, farmer_id, status, sign)
		-- By key, row by row (OFFSET 0: never a join planned for the farmers table as it was when
		-- PL/pgSQL first planned this statement on the connection).
		JOIN LATERAL (SELECT gender, party_member, household_category FROM farmers WHERE id = d.farmer_id OFFSET 0) f ON true
		GROUP BY d.session_id) changed
	-- An update that moved nothing (a later device's check-in merged into an earlier one) adds no row.
	WHERE (attendances, women, party_members, dibao, wubao, monitored, excused, absent) <> (0, 0, 0, 0, 0, 0, 0, 0);
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_attendances_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- An upsert fires the UPDATE trigger too, with no rows when nothing conflicted.
	IF TG_OP = 'INSERT' THEN
		IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
		PERFORM report_attendance_deltas_append(array_agg(session_id), array_agg(farmer_id), array_agg(status), array_agg(1)) FROM new_rows;
	ELSIF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
		PERFORM report_attendance_deltas_append(array_agg(session_id), array_agg(farmer_id), array_agg(status), array_agg(-1)) FROM old_rows;
	ELSE
		IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
		PERFORM report_attendance_deltas_append(array_agg(session_id), array_agg(farmer_id), array_agg(status), array_agg(sign))
		FROM (SELECT session_id, farmer_id, status, 1 AS sign FROM new_rows UNION ALL SELECT session_id, farmer_id, status, -1 FROM old_rows) changed;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_distributions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO report_session_deltas (session_id, materials)
		SELECT session_id, sum(quantity) FROM new_rows GROUP BY session_id HAVING sum(quantity) <> 0;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO report_session_deltas (session_id, materials)
		SELECT session_id, -sum(quantity) FROM old_rows GROUP BY session_id HAVING sum(quantity) <> 0;
	ELSE
		INSERT INTO report_session_deltas (session_id, materials)
		SELECT session_id, sum(quantity) FROM (SELECT session_id, quantity FROM new_rows UNION ALL SELECT session_id, -quantity FROM old_rows) changed
		GROUP BY session_id HAVING sum(quantity) <> 0;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
DROP FUNCTION report_changed_rows(text, text);
--> statement-breakpoint
-- The check-in rules, written once for sync, paper and self check-in; STABLE, as timestamptz
-- arithmetic is, so that PostgreSQL inlines them into the statements that call them. A `present`
-- check-in more than the course's grace minutes after the start is `late`; any other status
-- stays as recorded.
CREATE FUNCTION checkin_status(recorded attendance_status, checked_in_at timestamptz, starts_at timestamptz, late_after_minutes integer) RETURNS attendance_status
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN recorded = 'present' AND checked_in_at > starts_at + late_after_minutes * interval '1 minute' THEN 'late'::attendance_status ELSE recorded END
$$;
--> statement-breakpoint
-- A check-in may be taken from `margin_minutes` before the session's start to as long after its end.
CREATE FUNCTION checkin_within_window(checked_in_at timestamptz, starts_at timestamptz, ends_at timestamptz, margin_minutes integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT checked_in_at BETWEEN starts_at - margin_minutes * interval '1 minute' AND ends_at + margin_minutes * interval '1 minute'
$$;
--> statement-breakpoint
CREATE TYPE checkin_sync_answer AS (item_id uuid, ord integer, result text, attendance_id uuid, reason text);
--> statement-breakpoint
-- One batch of check-ins (DESIGN.md §6) in one call, so a phone's batch is one round trip and,
-- alone in its request, one transaction of its own. Set-based: one statement judges every item
-- (seen before, its session, the caller's right to record there, the window, its farmer and the
-- invitation) and writes the accepted ones with multi-row INSERT … ON CONFLICT, so the unique
-- keys decide (sync_receipts.item_id: seen before; attendances (session_id, farmer_id): another
-- device was first), also against a concurrent batch, which the conflicting insert waits for.
-- Rows are written in key order, so two batches touching the same farmers lock alike. Plans are
-- generic: the statements are the same every call, and planning them took as long as running
-- them. A generic plan is kept for the connection's life, so it must not depend on how big the
-- tables were when it was made (planned while sync_receipts was nearly empty, a join read the
-- whole table for every item later: the demo's county year took 91 s instead of 17). So every
-- table is read by key, item by item, and sequential scans are off for the function.
CREATE FUNCTION checkin_sync(
	item_ids uuid[], session_ids uuid[], farmer_ids uuid[], new_village_ids uuid[], statuses text[], methods text[], checked_in_ats timestamptz[],
	-- Walk-ins (provisional farmers made on the phone): id, village_id, name, initials, pinyin, gender, birth_year, phone, card_token.
	walk_ins jsonb,
	caller_id uuid, caller_is_admin boolean, caller_area text, device text, margin_minutes integer,
	actor_id uuid, request_id text, client_ip text
) RETURNS SETOF checkin_sync_answer
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
	answers checkin_sync_answer[];
	attempt integer := 1;
BEGIN
	LOOP
		BEGIN
			WITH item AS (
				SELECT * FROM unnest(item_ids, session_ids, farmer_ids, new_village_ids, statuses, methods, checked_in_ats) WITH ORDINALITY
					AS x(id, session_id, farmer_id, new_village_id, status, method, checked_in_at, ord)
			), judged AS (
				SELECT i.*, r.item_id IS NOT NULL AS seen, r.attendance_id AS seen_attendance_id,
					-- The farmer it counts for: a merged farmer's survivor, or the walk-in registered now.
					coalesce(f.counted_id, i.farmer_id) AS counted_farmer_id,
					checkin_status(i.status::attendance_status, i.checked_in_at, s.starts_at, s.late_after_minutes) AS counted_status,
					-- The first rule an item breaks, in the order a trainer would want to hear them.
					CASE
						WHEN s.id IS NULL THEN 'session_not_found'
						WHEN NOT CASE WHEN caller_is_admin THEN coalesce(starts_with(s.village_path, caller_area), false)
							ELSE EXISTS (SELECT 1 FROM session_trainers st WHERE st.session_id = s.id AND st.trainer_id = caller_id) END THEN 'not_your_session'
						WHEN s.status = 'cancelled' THEN 'session_cancelled'
						WHEN NOT checkin_within_window(i.checked_in_at, s.starts_at, s.ends_at, margin_minutes) THEN 'outside_session_window'
						WHEN f.id IS NULL AND i.new_village_id IS NULL THEN 'farmer_not_found'
						WHEN NOT coalesce(who.village_id = s.village_id
							OR EXISTS (SELECT 1 FROM session_target_villages tv WHERE tv.session_id = s.id AND tv.village_id = who.village_id), false) THEN 'farmer_not_invited'
					END AS reason
				FROM item i
				-- Each lookup by key, item by item: OFFSET 0 keeps the planner from turning one into a join
				-- planned for the size the table had when the plan was made.
				LEFT JOIN LATERAL (SELECT r.item_id, r.attendance_id FROM sync_receipts r WHERE r.item_id = i.id OFFSET 0) r ON true
				LEFT JOIN LATERAL (
					SELECT s.id, s.status, s.starts_at, s.ends_at, s.village_id, c.late_after_minutes, sv.path AS village_path
					FROM training_sessions s JOIN courses c ON c.id = s.course_id JOIN org_units sv ON sv.id = s.village_id
					WHERE s.id = i.session_id OFFSET 0) s ON true
				LEFT JOIN LATERAL (
					SELECT f.id, coalesce(m.id, f.id) AS counted_id, coalesce(m.village_id, f.village_id) AS village_id
					FROM farmers f LEFT JOIN farmers m ON m.id = f.merged_into_id
					WHERE f.id = i.farmer_id OFFSET 0) f ON true
				CROSS JOIN LATERAL (SELECT coalesce(f.village_id, i.new_village_id) AS village_id) who
			), accepted AS (
				SELECT * FROM judged WHERE NOT seen AND reason IS NULL
			), registered AS (
				INSERT INTO farmers (id, village_id, name, name_pinyin_initials, name_pinyin, gender, birth_year, phone, card_token, provisional)
				SELECT w.id, w.village_id, w.name, w.initials, w.pinyin, w.gender::gender, w.birth_year, w.phone, w.card_token, true
				FROM jsonb_to_recordset(walk_ins)
					AS w(id uuid, village_id uuid, name text, initials text, pinyin text, gender text, birth_year int, phone text, card_token text)
				WHERE w.id IN (SELECT counted_farmer_id FROM accepted)
				ORDER BY w.id
				ON CONFLICT (id) DO NOTHING RETURNING id
			), leader AS (
				-- One row per (session, farmer): the batch's own earliest check-in stands for the group.
				SELECT DISTINCT ON (session_id, counted_farmer_id) * FROM accepted ORDER BY session_id, counted_farmer_id, checked_in_at, ord
			), up AS (
				INSERT INTO attendances AS a (id, session_id, farmer_id, status, method, device_id, recorded_by, checked_in_at)
				SELECT id, session_id, counted_farmer_id, counted_status, method::check_in_method, device, caller_id, checked_in_at
				FROM leader ORDER BY session_id, counted_farmer_id
				-- The earliest check-in of a (session, farmer) wins; an `absent` the server filled in gives way to any real one.
				ON CONFLICT (session_id, farmer_id) DO UPDATE SET
					(status, method, device_id, recorded_by, checked_in_at) = (
						SELECT CASE WHEN wins THEN excluded.status ELSE a.status END, CASE WHEN wins THEN excluded.method ELSE a.method END,
							CASE WHEN wins THEN excluded.device_id ELSE a.device_id END, CASE WHEN wins THEN excluded.recorded_by ELSE a.recorded_by END,
							CASE WHEN wins THEN excluded.checked_in_at ELSE a.checked_in_at END
						FROM (SELECT (a.status = 'absent' AND excluded.status <> 'absent')
							OR ((a.status = 'absent') = (excluded.status = 'absent') AND excluded.checked_in_at < a.checked_in_at) AS wins) incoming)
				RETURNING a.id, a.session_id, a.farmer_id, (a.xmax = 0) AS inserted
			), written AS MATERIALIZED (
				-- The rows written, by (session, farmer), as one jsonb object to look up in: the planner's guess
				-- of how many rows pass the rules can be far too small, and it joined two CTEs of 500 rows
				-- with a nested loop (596 of a 608 ms statement).
				SELECT jsonb_object_agg(session_id::text || farmer_id::text, jsonb_build_object('id', id, 'inserted', inserted)) AS by_key FROM up
			), answered AS (
				SELECT acc.id AS item_id, w.attendance_id, CASE WHEN w.inserted AND w.attendance_id = acc.id THEN 'created' ELSE 'merged' END AS result
				FROM accepted acc, written,
					LATERAL (SELECT (row ->> 'id')::uuid AS attendance_id, (row ->> 'inserted')::boolean AS inserted
						FROM (SELECT written.by_key -> (acc.session_id::text || acc.counted_farmer_id::text) AS row) found) w
			), claimed AS (
				-- An item whose receipt another batch claimed first (a re-send still in flight when this one began) is a duplicate.
				INSERT INTO sync_receipts (item_id, kind, device_id, recorded_by, result, attendance_id)
				SELECT item_id, 'checkin', device, caller_id, result, attendance_id FROM answered ORDER BY item_id
				ON CONFLICT (item_id) DO NOTHING RETURNING item_id, result, attendance_id
			), logged AS (
				-- A data-modifying WITH runs whether or not the query reads it.
				INSERT INTO audit_log (actor_id, action, entity, after, request_id, ip)
				SELECT actor_id, 'checkin.sync', 'attendance', jsonb_build_object(
						'deviceId', device,
						'created', coalesce((SELECT jsonb_agg(attendance_id ORDER BY item_id) FROM claimed WHERE result = 'created'), '[]'),
						'merged', coalesce((SELECT jsonb_agg(jsonb_build_object('itemId', item_id, 'attendanceId', attendance_id) ORDER BY item_id) FROM claimed WHERE result = 'merged'), '[]'),
						'provisionalFarmers', coalesce((SELECT jsonb_agg(id ORDER BY id) FROM registered), '[]')),
					request_id, client_ip
				WHERE EXISTS (SELECT 1 FROM accepted)
			), receipts AS MATERIALIZED (
				-- Looked up in like `written`.
				SELECT jsonb_object_agg(item_id, jsonb_build_object('result', result, 'attendance_id', attendance_id)) AS by_item FROM claimed
			)
			SELECT array_agg(ROW(j.id, j.ord, CASE
					WHEN j.seen THEN 'duplicate'
					WHEN j.reason IS NOT NULL THEN 'rejected'
					ELSE coalesce(receipt ->> 'result', 'claimed_elsewhere') END,
				CASE WHEN j.seen THEN j.seen_attendance_id ELSE (receipt ->> 'attendance_id')::uuid END, CASE WHEN NOT j.seen THEN j.reason END)::checkin_sync_answer)
			INTO answers
			FROM judged j, receipts, LATERAL (SELECT receipts.by_item -> j.id::text AS receipt) found;
			EXIT;
		EXCEPTION WHEN unique_violation THEN
			-- The same items, re-sent while this batch was on its way, were written first under their ids
			-- (an attendance takes its first item's id, which ON CONFLICT (session, farmer) does not arbitrate).
			-- Rolled back to here, the batch is judged again on a new snapshot, which sees their receipts.
			IF attempt = 3 THEN RAISE; END IF;
			attempt := attempt + 1;
		END;
	END LOOP;

	-- The statements below see what concurrent batches committed meanwhile (each takes a new snapshot).
	-- One audit line per merged attendance, naming every device and user whose check-ins it holds.
	INSERT INTO audit_log (actor_id, action, entity, entity_id, after, request_id, ip)
	SELECT actor_id, 'attendance.merge', 'attendance', r.attendance_id::text,
		jsonb_build_object('devices', array_agg(DISTINCT r.device_id), 'recordedBy', array_agg(DISTINCT r.recorded_by::text), 'items', array_agg(r.item_id::text)),
		request_id, client_ip
	FROM sync_receipts r
	WHERE r.attendance_id = ANY (ARRAY(SELECT x.attendance_id FROM unnest(answers) x WHERE x.result = 'merged'))
	GROUP BY r.attendance_id;

	RETURN QUERY
	SELECT x.item_id, x.ord, CASE WHEN x.result = 'claimed_elsewhere' THEN 'duplicate' ELSE x.result END,
		CASE WHEN x.result = 'claimed_elsewhere' THEN (SELECT r.attendance_id FROM sync_receipts r WHERE r.item_id = x.item_id) ELSE x.attendance_id END,
		x.reason
	FROM unnest(answers) x ORDER BY x.ord;
END
$$;
