-- Reports (issue 10): one row of additive figures per session, kept exact by statement-level
-- triggers on every table they come from, so any writer (sync, paper, a merge that moves
-- attendances, a changed farmer) keeps it true without knowing reports exist. Distinct
-- farmers are not additive and are counted from attendances (see docs/architecture.md).
CREATE TABLE "report_session_stats" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"attendances" integer DEFAULT 0 NOT NULL,
	"women" integer DEFAULT 0 NOT NULL,
	"party_members" integer DEFAULT 0 NOT NULL,
	"dibao" integer DEFAULT 0 NOT NULL,
	"wubao" integer DEFAULT 0 NOT NULL,
	"monitored" integer DEFAULT 0 NOT NULL,
	"excused" integer DEFAULT 0 NOT NULL,
	"absent" integer DEFAULT 0 NOT NULL,
	"materials" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_session_stats" ADD CONSTRAINT "report_session_stats_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "attendances_counted_idx" ON "attendances" USING btree ("session_id","farmer_id") WHERE "attendances"."status" IN ('present', 'late');
--> statement-breakpoint
CREATE INDEX "distributions_farmer_idx" ON "material_distributions" USING btree ("farmer_id");
--> statement-breakpoint
-- The rows a statement changed, as SQL: its new rows count in (+1), its old rows count out
-- (-1). Transition tables are visible to EXECUTE, so one function per table serves INSERT,
-- UPDATE and DELETE alike.
CREATE FUNCTION report_changed_rows(op text, columns text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE op
		WHEN 'INSERT' THEN format('SELECT %s, 1 AS sign FROM new_rows', columns)
		WHEN 'DELETE' THEN format('SELECT %s, -1 AS sign FROM old_rows', columns)
		ELSE format('SELECT %1$s, 1 AS sign FROM new_rows UNION ALL SELECT %1$s, -1 AS sign FROM old_rows', columns)
	END
$$;
--> statement-breakpoint
-- Attendances (any writer: sync, paper, a merge moving them to another farmer): each session's
-- counts, in session order so two writers touching several sessions lock their rows alike.
CREATE FUNCTION report_attendances_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
CREATE TRIGGER report_attendances_inserted AFTER INSERT ON attendances REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_attendances_changed();
--> statement-breakpoint
CREATE TRIGGER report_attendances_updated AFTER UPDATE ON attendances REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_attendances_changed();
--> statement-breakpoint
CREATE TRIGGER report_attendances_deleted AFTER DELETE ON attendances REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_attendances_changed();
--> statement-breakpoint
-- A farmer whose gender, party membership or household category changes moves their counted
-- attendances from the old attributes to the new ones.
CREATE FUNCTION report_farmers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_session_stats AS r (session_id, women, party_members, dibao, wubao, monitored)
	SELECT a.session_id,
		sum((n.gender IS NOT DISTINCT FROM 'female')::int - (o.gender IS NOT DISTINCT FROM 'female')::int),
		sum(n.party_member::int - o.party_member::int),
		sum((n.household_category IS NOT DISTINCT FROM 'dibao')::int - (o.household_category IS NOT DISTINCT FROM 'dibao')::int),
		sum((n.household_category IS NOT DISTINCT FROM 'wubao')::int - (o.household_category IS NOT DISTINCT FROM 'wubao')::int),
		sum((n.household_category IS NOT DISTINCT FROM 'monitored')::int - (o.household_category IS NOT DISTINCT FROM 'monitored')::int)
	FROM old_rows o
	JOIN new_rows n ON n.id = o.id
	JOIN attendances a ON a.farmer_id = n.id AND a.status IN ('present', 'late')
	WHERE (o.gender, o.party_member, o.household_category) IS DISTINCT FROM (n.gender, n.party_member, n.household_category)
	GROUP BY a.session_id
	ORDER BY a.session_id
	ON CONFLICT (session_id) DO UPDATE SET
		women = r.women + excluded.women,
		party_members = r.party_members + excluded.party_members,
		dibao = r.dibao + excluded.dibao,
		wubao = r.wubao + excluded.wubao,
		monitored = r.monitored + excluded.monitored;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_farmers_updated AFTER UPDATE ON farmers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_farmers_changed();
--> statement-breakpoint
-- Materials handed out: the quantities per session.
CREATE FUNCTION report_distributions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
--> statement-breakpoint
CREATE TRIGGER report_distributions_inserted AFTER INSERT ON material_distributions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_distributions_changed();
--> statement-breakpoint
CREATE TRIGGER report_distributions_updated AFTER UPDATE ON material_distributions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_distributions_changed();
--> statement-breakpoint
CREATE TRIGGER report_distributions_deleted AFTER DELETE ON material_distributions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_distributions_changed();
--> statement-breakpoint
-- Whatever was recorded before this migration.
INSERT INTO report_session_stats (session_id, attendances, women, party_members, dibao, wubao, monitored, excused, absent)
SELECT a.session_id,
	count(*) FILTER (WHERE a.status IN ('present', 'late')),
	count(*) FILTER (WHERE a.status IN ('present', 'late') AND f.gender = 'female'),
	count(*) FILTER (WHERE a.status IN ('present', 'late') AND f.party_member),
	count(*) FILTER (WHERE a.status IN ('present', 'late') AND f.household_category = 'dibao'),
	count(*) FILTER (WHERE a.status IN ('present', 'late') AND f.household_category = 'wubao'),
	count(*) FILTER (WHERE a.status IN ('present', 'late') AND f.household_category = 'monitored'),
	count(*) FILTER (WHERE a.status = 'excused'),
	count(*) FILTER (WHERE a.status = 'absent')
FROM attendances a JOIN farmers f ON f.id = a.farmer_id
GROUP BY a.session_id;
--> statement-breakpoint
INSERT INTO report_session_stats AS r (session_id, materials)
SELECT session_id, sum(quantity) FROM material_distributions GROUP BY session_id
ON CONFLICT (session_id) DO UPDATE SET materials = excluded.materials;
