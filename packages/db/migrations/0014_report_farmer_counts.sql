-- Distinct farmers (人) per unit, period and topic, counted by the write path (issue 10). Reading
-- them from report_counted meant one index entry per counted attendance of the scope: 40,000 at a
-- county year, 4 million at a prefecture's. Here a figure is one row (plus the deltas not yet
-- folded), whatever the year's size. The writers know whether a farmer is new to a key: a change
-- to report_counted compares the farmer's changed rows with the rows they keep.
--
-- The keys: every unit on the village's path (county, township, village); the period all time
-- (''), a local year ('2031') or month ('2031-03'); every topic ('') or one. A report whose range is
-- one of those periods (the dashboard asks for a calendar year) reads its figure here; any other
-- range, a course or a trainer still counts from report_counted.
CREATE TABLE "report_farmer_counts" (
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"topic" text NOT NULL,
	"farmers" integer NOT NULL,
	CONSTRAINT "report_farmer_counts_pk" PRIMARY KEY ("unit_id", "period", "topic")
);
--> statement-breakpoint
-- Appended by the writers, one row per key and statement, folded into the counts by
-- report_fold_deltas(): writers never share a row (every check-in in a county touches its key).
-- A figure is its folded count plus its deltas.
CREATE TABLE "report_farmer_deltas" (
	"unit_id" uuid NOT NULL,
	"period" text NOT NULL,
	"topic" text NOT NULL,
	"farmers" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_farmer_deltas_key_idx" ON "report_farmer_deltas" ("unit_id", "period", "topic");
--> statement-breakpoint
-- The farmers a change touches are read with the rows that tell a key's coverage.
DROP INDEX "report_counted_farmer_idx";
--> statement-breakpoint
CREATE INDEX "report_counted_farmer_idx" ON "report_counted" ("farmer_id") INCLUDE ("session_id", "month", "unit1_id", "unit2_id", "unit3_id", "village_id", "topic");
--> statement-breakpoint
-- The change of distinct farmers per key when `removed` leave report_counted and `added` enter it
-- (an update is both). A moved row's keys are those of its units at each depth, times its periods
-- and topics; a key is new (or gone) unless another row of the farmer covers it. Rows sharing the
-- first d units of the path cover each other's keys at depths up to d, in the periods and topics
-- they share. The other rows are those the change keeps and, so that a key new to several moved
-- rows counts once, the moved rows of the same kind with a smaller session id.
--
-- Farmer by farmer (each one's rows as arrays, the rows kept read by the farmer's key), so the
-- work is linear in the rows moved whatever plan PL/pgSQL keeps: this is planned once per
-- connection, for arrays of one row (a check-in) and of half a million (a bulk load) alike.
CREATE FUNCTION report_farmers_shift(removed report_counted[], added report_counted[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(removed) = 0 AND cardinality(added) = 0 THEN RETURN; END IF;
	-- A writer must see what another committed for the same farmer (two check-ins of one farmer
	-- in one month, written at once, must not both find the month new): one writer at a time per
	-- farmer, the statement below reading after the lock. Only READ COMMITTED reads after it.
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'attendances are written at READ COMMITTED, not %', current_setting('transaction_isolation')
			USING ERRCODE = 'serialization_failure';
	END IF;
	-- The farmers' own rows are the locks: no limit on how many one statement takes (advisory
	-- locks fill a shared table), in id order so two writers never wait on each other, and
	-- compatible with the foreign-key checks of other writers (FOR KEY SHARE).
	PERFORM 1 FROM (SELECT DISTINCT (r).farmer_id FROM (SELECT unnest(removed) AS r UNION ALL SELECT unnest(added)) x ORDER BY 1) c
		CROSS JOIN LATERAL (SELECT 1 FROM farmers f WHERE f.id = c.farmer_id OFFSET 0 FOR NO KEY UPDATE) l;
	INSERT INTO report_farmer_deltas (unit_id, period, topic, farmers)
	SELECT u.unit_id, p.period, p.topic, sum(c.sign)::int
	FROM (
		SELECT (r).farmer_id, array_agg(r) FILTER (WHERE sign < 0) AS gone, array_agg(r) FILTER (WHERE sign > 0) AS came,
			coalesce(array_agg((r).session_id) FILTER (WHERE sign > 0), '{}') AS came_sessions
		FROM (SELECT -1 AS sign, r FROM unnest(removed) r UNION ALL SELECT 1, r FROM unnest(added) r) x
		GROUP BY (r).farmer_id) f
	-- Per moved row and period and topic kind: the deepest unit another row covers (0 none).
	CROSS JOIN LATERAL (
		SELECT m.sign, m.month, m.unit1_id, m.unit2_id, m.unit3_id, m.village_id, m.topic,
			coalesce(max(d.depth), 0) AS ever,
			coalesce(max(d.depth) FILTER (WHERE o.topic = m.topic), 0) AS ever_topic,
			coalesce(max(d.depth) FILTER (WHERE date_trunc('year', o.month) = date_trunc('year', m.month)), 0) AS in_year,
			coalesce(max(d.depth) FILTER (WHERE date_trunc('year', o.month) = date_trunc('year', m.month) AND o.topic = m.topic), 0) AS in_year_topic,
			coalesce(max(d.depth) FILTER (WHERE o.month = m.month), 0) AS in_month,
			coalesce(max(d.depth) FILTER (WHERE o.month = m.month AND o.topic = m.topic), 0) AS in_month_topic
		FROM (SELECT -1 AS sign, * FROM unnest(f.gone) UNION ALL SELECT 1, * FROM unnest(f.came)) m
		LEFT JOIN (
			SELECT -1 AS sign, * FROM unnest(f.gone) UNION ALL SELECT 1, * FROM unnest(f.came)
			UNION ALL (SELECT 0, r.* FROM report_counted r WHERE r.farmer_id = f.farmer_id AND r.session_id <> ALL (f.came_sessions) OFFSET 0)) o
			ON o.sign = 0 OR (o.sign = m.sign AND o.session_id < m.session_id)
		CROSS JOIN LATERAL (SELECT CASE WHEN o.farmer_id IS NULL OR o.unit1_id IS DISTINCT FROM m.unit1_id THEN 0
			WHEN o.unit2_id IS DISTINCT FROM m.unit2_id THEN 1 WHEN o.unit3_id IS DISTINCT FROM m.unit3_id THEN 2
			WHEN o.village_id IS DISTINCT FROM m.village_id THEN 3 ELSE 4 END AS depth) d
		GROUP BY m.sign, m.session_id, m.month, m.unit1_id, m.unit2_id, m.unit3_id, m.village_id, m.topic) c
	CROSS JOIN LATERAL (VALUES
		('', '', c.ever), ('', c.topic::text, c.ever_topic),
		(to_char(c.month, 'YYYY'), '', c.in_year), (to_char(c.month, 'YYYY'), c.topic::text, c.in_year_topic),
		(to_char(c.month, 'YYYY-MM'), '', c.in_month), (to_char(c.month, 'YYYY-MM'), c.topic::text, c.in_month_topic)) p(period, topic, covered)
	-- The village is also the unit at its own depth (unit3 in the county's tree): one key, not two.
	CROSS JOIN LATERAL (VALUES (1, c.unit1_id), (2, c.unit2_id), (3, c.unit3_id),
		(4, CASE WHEN c.village_id IN (c.unit1_id, c.unit2_id, c.unit3_id) THEN NULL ELSE c.village_id END)) u(depth, unit_id)
	WHERE u.unit_id IS NOT NULL AND u.depth > p.covered
	GROUP BY u.unit_id, p.period, p.topic
	HAVING sum(c.sign) <> 0;
END
$$;
--> statement-breakpoint
-- Planned once per connection: custom plans re-made for every call's arrays cost a check-in 1.4 ms.
ALTER FUNCTION report_farmers_shift(report_counted[], report_counted[]) SET plan_cache_mode = force_generic_plan;
--> statement-breakpoint
CREATE FUNCTION report_farmers_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Each operation reads only the transition tables it has (whose rows are records: cast).
	IF TG_OP = 'INSERT' THEN
		PERFORM report_farmers_shift('{}', ARRAY(SELECT n::report_counted FROM new_rows n));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM report_farmers_shift(ARRAY(SELECT o::report_counted FROM old_rows o), '{}');
	ELSE
		PERFORM report_farmers_shift(ARRAY(SELECT o::report_counted FROM old_rows o), ARRAY(SELECT n::report_counted FROM new_rows n));
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER report_farmers_rows_inserted AFTER INSERT ON report_counted REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_farmers_rows_changed();
--> statement-breakpoint
CREATE TRIGGER report_farmers_rows_updated AFTER UPDATE ON report_counted REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_farmers_rows_changed();
--> statement-breakpoint
CREATE TRIGGER report_farmers_rows_deleted AFTER DELETE ON report_counted REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_farmers_rows_changed();
--> statement-breakpoint
-- What is already counted, counted the same way (every row new to an empty table).
SELECT report_farmers_shift('{}', ARRAY(SELECT r FROM report_counted r));
--> statement-breakpoint
-- One fold moves both kinds of delta, in one transaction with what they are folded into: the
-- sessions' fold of 0011 keeps its body under a new name.
ALTER FUNCTION report_fold_deltas() RENAME TO report_fold_session_deltas;
--> statement-breakpoint
CREATE FUNCTION report_fold_farmer_deltas() RETURNS integer LANGUAGE sql AS $$
	WITH moved AS (DELETE FROM report_farmer_deltas RETURNING *),
	folded AS (
		INSERT INTO report_farmer_counts AS c (unit_id, period, topic, farmers)
		SELECT unit_id, period, topic, sum(farmers) FROM moved GROUP BY unit_id, period, topic ORDER BY unit_id, period, topic
		ON CONFLICT (unit_id, period, topic) DO UPDATE SET farmers = c.farmers + excluded.farmers)
	-- A data-modifying WITH runs whether or not the query reads it.
	SELECT count(*)::int FROM moved
$$;
--> statement-breakpoint
CREATE FUNCTION report_fold_deltas() RETURNS integer LANGUAGE sql AS $$
	SELECT report_fold_session_deltas() + report_fold_farmer_deltas()
$$;
--> statement-breakpoint
SELECT report_fold_deltas();
