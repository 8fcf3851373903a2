-- Weir quickstart: generate orders, keep the big ones, print them.
-- Run it with `make demo`, or `weir sql -f examples/quickstart.sql`.

CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount   DECIMAL(10, 2),
  placed   TIMESTAMP(3)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '5000000',
  'rows-per-second' = '1000000000',
  'fields.order_id.kind' = 'sequence',
  'fields.order_id.start' = '1',
  'fields.order_id.end' = '5000000',
  'fields.customer.length' = '8',
  'fields.amount.min' = '1',
  'fields.amount.max' = '1000'
);

CREATE TABLE big_orders (
  order_id BIGINT,
  customer STRING,
  amount_with_tax DECIMAL(12, 2)
) WITH (
  'connector' = 'print',
  'print-identifier' = 'big'
);

-- One order in a million, with its amount plus 20% tax.
INSERT INTO big_orders
SELECT order_id, UPPER(customer), CAST(amount * 1.2 AS DECIMAL(12, 2))
FROM orders
WHERE order_id % 1000000 = 0;
