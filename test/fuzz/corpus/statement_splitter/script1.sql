CREATE TABLE t (a INT) WITH ('connector' = 'datagen');
SELECT 'a;b' FROM t; -- comment; here
/* block; */ INSERT INTO s SELECT * FROM t;
