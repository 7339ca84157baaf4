-- The report triggers return at once for a statement that changed no row: an upsert fires the
-- UPDATE trigger too, and its dynamic SQL over empty transition tables took 0.45 ms of each check-in.
CREATE OR REPLACE FUNCTION report_attendances_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- An upsert fires the UPDATE trigger too, with no rows when nothing conflicted: skip the
	-- dynamic statement (its planning was half a check-in's time in the database).
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
	ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
		RETURN NULL;
	END IF;
	EXECUTE format($q$
		INSERT INTO report_session_stats AS r (session_id, attendances, women, party_members, dibao, wubao, monitored, excused, absent)
		SELECT d.session_id,
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late')), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.gender = 'female'), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.party_member), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'dibao'), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'wubao'), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status IN ('present', 'late') AND f.household_category = 'monitored'), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status = 'excused'), 0),
			coalesce(sum(d.sign) FILTER (WHERE d.status = 'absent'), 0)
		FROM (%s) d
		JOIN farmers f ON f.id = d.farmer_id
		GROUP BY d.session_id
		ORDER BY d.session_id
		ON CONFLICT (session_id) DO UPDATE SET
			attendances = r.attendances + excluded.attendances,
			women = r.women + excluded.women,
			party_members = r.party_members + excluded.party_members,
			dibao = r.dibao + excluded.dibao,
			wubao = r.wubao + excluded.wubao,
			monitored = r.monitored + excluded.monitored,
			excused = r.excused + excluded.excused,
			absent = r.absent + excluded.absent
	$q$, report_changed_rows(TG_OP, 'session_id, farmer_id, status'));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_distributions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- An upsert fires the UPDATE trigger too, with no rows when nothing conflicted: skip the
	-- dynamic statement (its planning was half a check-in's time in the database).
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
	ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
		RETURN NULL;
	END IF;
	EXECUTE format($q$
		INSERT INTO report_session_stats AS r (session_id, materials)
		SELECT d.session_id, sum(d.sign * d.quantity)
		FROM (%s) d
		GROUP BY d.session_id
		ORDER BY d.session_id
		ON CONFLICT (session_id) DO UPDATE SET materials = r.materials + excluded.materials
	$q$, report_changed_rows(TG_OP, 'session_id, quantity'));
	RETURN NULL;
END
$$;
