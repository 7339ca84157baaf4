-- Distinct farmers (人) read from narrow rows in the order they are counted (issue 10): one row
-- per counted attendance (present or late, at a session not cancelled) with the grouping keys of
-- its session materialised, kept by the writers' triggers below. Each breakdown's index has the
-- group key then the farmer, so count(DISTINCT farmer_id) per group is an index-only scan with
-- no hash or sort; the filters a report takes are INCLUDE columns, read from the same index.
-- Before, every report joined each attendance to its session and hashed 40,000 (key, farmer)
-- pairs at a county year.
CREATE TABLE "report_counted" (
	"session_id" uuid NOT NULL,
	"farmer_id" uuid NOT NULL,
	-- The local day (Asia/Shanghai) and month the session starts on, as reports group them.
	"day" date NOT NULL,
	"month" date NOT NULL,
	-- Where it was held: the units on its village's path by depth (county, township, village in the
	-- county's tree; null below the village), so a report's scope is an equality on one column.
	"unit1_id" uuid NOT NULL,
	"unit2_id" uuid,
	"unit3_id" uuid,
	"village_id" uuid NOT NULL,
	"topic" "course_topic" NOT NULL,
	"course_id" uuid NOT NULL,
	CONSTRAINT "report_counted_pk" PRIMARY KEY ("session_id", "farmer_id")
);
--> statement-breakpoint
-- An index-only scan reads the heap for every page not marked all-visible: vacuum after each 1 %
-- of new rows (the default waits for 20 %), so the check-ins of the day are the only ones it visits.
ALTER TABLE "report_counted" SET (autovacuum_vacuum_insert_scale_factor = 0.01);
--> statement-breakpoint
CREATE INDEX "report_counted_farmer_idx" ON "report_counted" ("farmer_id") INCLUDE ("day", "unit1_id", "unit2_id", "unit3_id", "topic");
--> statement-breakpoint
CREATE INDEX "report_counted_month_idx" ON "report_counted" ("month", "farmer_id") INCLUDE ("day", "unit1_id", "unit2_id", "unit3_id", "topic");
--> statement-breakpoint
CREATE INDEX "report_counted_topic_idx" ON "report_counted" ("topic", "farmer_id") INCLUDE ("day", "unit1_id", "unit2_id", "unit3_id");
--> statement-breakpoint
CREATE INDEX "report_counted_unit2_idx" ON "report_counted" ("unit2_id", "farmer_id") INCLUDE ("day", "unit1_id", "topic");
--> statement-breakpoint
CREATE INDEX "report_counted_village_idx" ON "report_counted" ("village_id", "farmer_id") INCLUDE ("day", "unit1_id", "unit2_id", "unit3_id", "topic");
--> statement-breakpoint
-- The grouping keys of every session whose attendances count (not cancelled): the triggers below
-- all write through it, so what counts and how a session is keyed are written once.
CREATE VIEW report_session_keys AS
SELECT s.id AS session_id, (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
	date_trunc('month', s.starts_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
	-- The path "/county/township/village/" is the chain of ids down to the village.
	split_part(v.path, '/', 2)::uuid AS unit1_id, nullif(split_part(v.path, '/', 3), '')::uuid AS unit2_id,
	nullif(split_part(v.path, '/', 4), '')::uuid AS unit3_id, s.village_id, c.topic, s.course_id
FROM training_sessions s
JOIN org_units v ON v.id = s.village_id
JOIN courses c ON c.id = s.course_id
WHERE s.status <> 'cancelled';
--> statement-breakpoint
INSERT INTO report_counted
SELECT a.session_id, a.farmer_id, k.day, k.month, k.unit1_id, k.unit2_id, k.unit3_id, k.village_id, k.topic, k.course_id
FROM attendances a JOIN report_session_keys k ON k.session_id = a.session_id
WHERE a.status IN ('present', 'late');
--> statement-breakpoint
-- Attendances: a row changed in its session, farmer or status leaves its old key and takes its
-- new one; other changes (the method, a later device's merge) write nothing here.
CREATE FUNCTION report_counted_attendances_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Each operation reads only the transition tables it has.
	IF TG_OP = 'INSERT' THEN
		INSERT INTO report_counted
		SELECT n.session_id, n.farmer_id, k.day, k.month, k.unit1_id, k.unit2_id, k.unit3_id, k.village_id, k.topic, k.course_id
		FROM new_rows n JOIN report_session_keys k ON k.session_id = n.session_id
		WHERE n.status IN ('present', 'late');
	ELSIF TG_OP = 'DELETE' THEN
		DELETE FROM report_counted r USING old_rows o WHERE r.session_id = o.session_id AND r.farmer_id = o.farmer_id;
	ELSE
		DELETE FROM report_counted r USING old_rows o JOIN new_rows n ON n.id = o.id
		WHERE r.session_id = o.session_id AND r.farmer_id = o.farmer_id
			AND (n.session_id, n.farmer_id, n.status) IS DISTINCT FROM (o.session_id, o.farmer_id, o.status);
		INSERT INTO report_counted
		SELECT n.session_id, n.farmer_id, k.day, k.month, k.unit1_id, k.unit2_id, k.unit3_id, k.village_id, k.topic, k.course_id
		FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN report_session_keys k ON k.session_id = n.session_id
		WHERE n.status IN ('present', 'late')
			AND (n.session_id, n.farmer_id, n.status) IS DISTINCT FROM (o.session_id, o.farmer_id, o.status);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_counted_attendances_inserted AFTER INSERT ON attendances REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_attendances_changed();
--> statement-breakpoint
CREATE TRIGGER report_counted_attendances_updated AFTER UPDATE ON attendances REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_attendances_changed();
--> statement-breakpoint
CREATE TRIGGER report_counted_attendances_deleted AFTER DELETE ON attendances REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_attendances_changed();
--> statement-breakpoint
-- Sessions: one cancelled or restored, moved in time or place, or given another course has its
-- attendances keyed again (a few hundred rows at most).
CREATE FUNCTION report_counted_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM report_counted r USING old_rows o JOIN new_rows n ON n.id = o.id
	WHERE r.session_id = o.id
		AND (n.status = 'cancelled', n.starts_at, n.village_id, n.course_id) IS DISTINCT FROM (o.status = 'cancelled', o.starts_at, o.village_id, o.course_id);
	INSERT INTO report_counted
	SELECT a.session_id, a.farmer_id, k.day, k.month, k.unit1_id, k.unit2_id, k.unit3_id, k.village_id, k.topic, k.course_id
	FROM old_rows o JOIN new_rows n ON n.id = o.id
	JOIN report_session_keys k ON k.session_id = n.id
	JOIN attendances a ON a.session_id = n.id AND a.status IN ('present', 'late')
	WHERE (n.status = 'cancelled', n.starts_at, n.village_id, n.course_id) IS DISTINCT FROM (o.status = 'cancelled', o.starts_at, o.village_id, o.course_id);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_counted_sessions_updated AFTER UPDATE ON training_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_sessions_changed();
--> statement-breakpoint
-- A course's topic and the path of a village are keys too.
CREATE FUNCTION report_counted_courses_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE report_counted r SET topic = n.topic
	FROM old_rows o JOIN new_rows n ON n.id = o.id
	WHERE r.course_id = n.id AND n.topic IS DISTINCT FROM o.topic;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_counted_courses_updated AFTER UPDATE ON courses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_courses_changed();
--> statement-breakpoint
CREATE FUNCTION report_counted_org_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE report_counted r SET unit1_id = k.unit1_id, unit2_id = k.unit2_id, unit3_id = k.unit3_id
	FROM old_rows o JOIN new_rows n ON n.id = o.id, report_session_keys k
	WHERE n.path IS DISTINCT FROM o.path AND r.village_id = n.id AND k.session_id = r.session_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_counted_org_units_updated AFTER UPDATE ON org_units REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_counted_org_units_changed();
