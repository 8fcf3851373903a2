-- Acceptance script for issue 4, second part: reads the partitioned sink written by
-- files_to_partitioned_sink.sql back (partition column from the directory names) and copies it
-- to one plain CSV directory that the test compares. @DIR@ as in the first script.

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
  'csv.field-delimiter' = '|'
);

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
