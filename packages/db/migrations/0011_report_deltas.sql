-- Writers append to the rollup instead of updating it (issue 8): every check-in to one session
-- used to update that session's report_session_stats row, so fifty phones at one session queued
-- on its row lock until each commit. The triggers now append one delta row per session and
-- statement (no key, no conflict, no lock shared between writers); reports read the folded row
-- plus the deltas not yet folded (report_session_figures), so no figure ever lags; and a job
-- folds the deltas into the rows (report_fold_deltas), keeping what reports add up small.
CREATE TABLE "report_session_deltas" (
	"session_id" uuid NOT NULL,
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
ALTER TABLE "report_session_deltas" ADD CONSTRAINT "report_session_deltas_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "report_session_deltas_session_idx" ON "report_session_deltas" USING btree ("session_id");
--> statement-breakpoint
-- Every session has its folded row from the start, so the figures are that row plus its deltas
-- (a join the planner can drive from the sessions, not an aggregate over every session).
INSERT INTO report_session_stats (session_id) SELECT id FROM training_sessions ON CONFLICT (session_id) DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION report_sessions_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_session_stats (session_id) SELECT id FROM new_rows ON CONFLICT (session_id) DO NOTHING;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_sessions_created AFTER INSERT ON training_sessions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_sessions_created();
--> statement-breakpoint
-- What reports read: the folded figures plus the deltas still waiting, per session.
CREATE VIEW report_session_figures AS
SELECT x.session_id,
	x.attendances + coalesce(d.attendances, 0) AS attendances,
	x.women + coalesce(d.women, 0) AS women,
	x.party_members + coalesce(d.party_members, 0) AS party_members,
	x.dibao + coalesce(d.dibao, 0) AS dibao,
	x.wubao + coalesce(d.wubao, 0) AS wubao,
	x.monitored + coalesce(d.monitored, 0) AS monitored,
	x.excused + coalesce(d.excused, 0) AS excused,
	x.absent + coalesce(d.absent, 0) AS absent,
	x.materials + coalesce(d.materials, 0) AS materials
FROM report_session_stats x
LEFT JOIN (
	SELECT session_id, sum(attendances)::int AS attendances, sum(women)::int AS women, sum(party_members)::int AS party_members,
		sum(dibao)::int AS dibao, sum(wubao)::int AS wubao, sum(monitored)::int AS monitored,
		sum(excused)::int AS excused, sum(absent)::int AS absent, sum(materials)::int AS materials
	FROM report_session_deltas GROUP BY session_id
) d ON d.session_id = x.session_id;
--> statement-breakpoint
-- Moves every delta into its session's folded row in one statement: a reader's snapshot sees
-- either the deltas or the folded row, never both or neither; deltas appended meanwhile stay for
-- the next fold. Two folders at once are safe: the second skips the rows the first deleted.
CREATE FUNCTION report_fold_deltas() RETURNS integer LANGUAGE sql AS $$
	WITH moved AS (DELETE FROM report_session_deltas RETURNING *),
	folded AS (
		INSERT INTO report_session_stats AS r (session_id, attendances, women, party_members, dibao, wubao, monitored, excused, absent, materials)
		SELECT session_id, sum(attendances), sum(women), sum(party_members), sum(dibao), sum(wubao), sum(monitored), sum(excused), sum(absent), sum(materials)
		FROM moved GROUP BY session_id ORDER BY session_id
		ON CONFLICT (session_id) DO UPDATE SET
			attendances = r.attendances + excluded.attendances,
			women = r.women + excluded.women,
			party_members = r.party_members + excluded.party_members,
			dibao = r.dibao + excluded.dibao,
			wubao = r.wubao + excluded.wubao,
			monitored = r.monitored + excluded.monitored,
			excused = r.excused + excluded.excused,
			absent = r.absent + excluded.absent,
			materials = r.materials + excluded.materials)
	-- A data-modifying WITH runs whether or not the query reads it.
	SELECT count(*)::int FROM moved
$$;
--> statement-breakpoint
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
			FROM (%s) d
			JOIN farmers f ON f.id = d.farmer_id
			GROUP BY d.session_id) changed
		-- An update that moved nothing (a later device's check-in merged into an earlier one) adds no row.
		WHERE (attendances, women, party_members, dibao, wubao, monitored, excused, absent) <> (0, 0, 0, 0, 0, 0, 0, 0)
	$q$, report_changed_rows(TG_OP, 'session_id, farmer_id, status'));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_farmers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_session_deltas (session_id, women, party_members, dibao, wubao, monitored)
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
	GROUP BY a.session_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_distributions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
	ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
		RETURN NULL;
	END IF;
	EXECUTE format($q$
		INSERT INTO report_session_deltas (session_id, materials)
		SELECT session_id, materials FROM (SELECT d.session_id, sum(d.sign * d.quantity) AS materials FROM (%s) d GROUP BY d.session_id) changed
		WHERE materials <> 0
	$q$, report_changed_rows(TG_OP, 'session_id, quantity'));
	RETURN NULL;
END
$$;
