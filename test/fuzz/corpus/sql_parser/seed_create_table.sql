CREATE TEMPORARY TABLE IF NOT EXISTS `cat`.`db`.orders (
  id BIGINT NOT NULL COMMENT 'the id',
  price DECIMAL(10, 2),
  tags ARRAY<STRING>,
  attrs MAP<STRING, INT>,
  r ROW<a INT 'first', `b c` TIMESTAMP(3)>,
  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  total AS price * 2,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
  CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED
) COMMENT 'orders' PARTITIONED BY (id) WITH ('connector' = 'kafka', 'topic' = 'o''s')
