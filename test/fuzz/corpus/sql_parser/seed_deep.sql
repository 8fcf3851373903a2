SELECT ((((((((((1)))))))))) + - - 1 FROM (SELECT * FROM (SELECT * FROM (VALUES (1), (2)) AS v(x)))
