-- Acceptance script for issue 4: tables over CSV and JSON files, functions of every category,
-- results written to a filesystem sink partitioned by city (with success files).
-- @DIR@ is replaced by the directory holding input/ and receiving sink/ (see
-- test/acceptance/sql_files_to_partitioned_sink.sh). With 'table.dml-sync' each INSERT waits
-- for its job, so the last INSERT reads back what the first one committed.

SET 'table.dml-sync' = 'true';

CREATE TABLE orders_csv (
  id INT,
  customer STRING,
  amount STRING,
  order_time STRING,
  city STRING,
  tags STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '@DIR@/input/csv',
  'format' = 'csv',
  'csv.ignore-parse-errors' = 'true'
);

CREATE TABLE orders_json (
  id INT,
  customer STRING,
  amount STRING,
  order_time STRING,
  city STRING,
  tags STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '@DIR@/input/json',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE report (
  id INT,
  name STRING,
  amount_text STRING,
  amount_class STRING,
  flagged BOOLEAN,
  order_day STRING,
  month_no BIGINT,
  hour_no BIGINT,
  tag_count INT,
  tags_reversed STRING,
  summary_json STRING,
  score INT,
  code STRING,
  city STRING
) PARTITIONED BY (city) WITH (
  'connector' = 'filesystem',
  'path' = '@DIR@/sink',
  'format' = 'csv',
  'csv.field-delimiter' = '|',
  'sink.partition-commit.policy.kind' = 'success-file'
);

-- Rows of both files; a CSV line whose id does not parse has a NULL id and is dropped.
CREATE VIEW all_orders AS
SELECT id, customer, amount, order_time, city, tags FROM orders_csv WHERE id IS NOT NULL
UNION ALL
SELECT id, customer, amount, order_time, city, tags FROM orders_json;

INSERT INTO report
SELECT
  id,
  -- string and conditional: NULLIF, COALESCE
  UPPER(COALESCE(NULLIF(customer, 'Bob'), 'unknown')),
  -- conversion: TRY_CAST (NULL for 'abc'), CAST
  COALESCE(CAST(TRY_CAST(amount AS DECIMAL(10, 2)) AS STRING), 'n/a'),
  CASE
    WHEN TRY_CAST(amount AS DECIMAL(10, 2)) IS NULL THEN CAST('invalid' AS STRING)
    WHEN TRY_CAST(amount AS DECIMAL(10, 2)) < 0 THEN CAST('refund' AS STRING)
    WHEN TRY_CAST(amount AS DECIMAL(10, 2)) >= 50 THEN CAST('large' AS STRING)
    ELSE CAST('small' AS STRING)
  END,
  -- comparison and logical
  id > 2 AND NOT (city = 'Paris'),
  -- temporal: TO_TIMESTAMP, DATE_FORMAT, EXTRACT, HOUR
  DATE_FORMAT(TO_TIMESTAMP(order_time), 'yyyy/MM/dd'),
  EXTRACT(MONTH FROM TO_TIMESTAMP(order_time)),
  HOUR(TO_TIMESTAMP(order_time)),
  -- collections
  CARDINALITY(SPLIT(tags, ';')),
  ARRAY_JOIN(ARRAY_REVERSE(SPLIT(tags, ';')), '/'),
  -- JSON: JSON_OBJECT builds the summary; JSON_VALUE reads the id back (in `code` below)
  JSON_OBJECT(KEY 'id' VALUE id, KEY 'tags' VALUE CARDINALITY(SPLIT(tags, ';'))),
  -- math and IF
  IF(MOD(id, 2) = 0, id * 10, ABS(id - 20)),
  CONCAT(SUBSTRING(city, 1, 3), '-',
         JSON_VALUE(JSON_STRING(ARRAY[id, id + 1]), '$[0]')),
  city
FROM all_orders;

-- Read the sink back (the partition column comes from the directory names) into one plain CSV
-- directory that the test compares.
CREATE TABLE report_copy (
  city STRING,
  id INT,
  name STRING,
  amount_class STRING,
  flagged BOOLEAN,
  score INT
) WITH (
  'connector' = 'filesystem',
  'path' = '@DIR@/readback',
  'format' = 'csv',
  'csv.field-delimiter' = '|'
);

INSERT INTO report_copy SELECT city, id, name, amount_class, flagged, score FROM report;
