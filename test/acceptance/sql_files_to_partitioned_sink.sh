#!/usr/bin/env bash
# Acceptance test for issue 4: `weir sql -f` reads CSV and JSON files, applies functions of
# every category and writes a filesystem sink partitioned by city; the files are then checked
# with plain shell tools and the sink is read back with SQL.
# Usage: sql_files_to_partitioned_sink.sh <path to the weir binary>
set -euo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
  echo "usage: $0 <weir binary>" >&2
  exit 2
fi
weir="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
examples="$root/examples/acceptance"

work="$(mktemp -d "${TMPDIR:-/tmp}/weir-acceptance.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Inputs. The CSV line with id 'x' does not parse and is dropped by the script; the broken
# JSON line is skipped by json.ignore-parse-errors.
mkdir -p "$work/input/csv" "$work/input/json"
cat >"$work/input/csv/orders.csv" <<'CSV'
1,alice,12.50,2024-05-17 10:20:30,Berlin,a;b
2,Bob,-3.25,2024-05-18 23:59:59,Paris,c
x,broken,1,2024-01-01 00:00:00,Berlin,a
3,carol,100,2024-06-01 00:00:00,Berlin,x;y;z
4,dave,abc,2024-06-02 08:00:00,Paris,d
CSV
cat >"$work/input/json/orders.json" <<'JSON'
{"id": 10, "customer": "erin", "amount": "7.5", "order_time": "2024-07-04 12:00:00", "city": "Rome", "tags": "q;r"}
{"id": 11, "customer": null, "amount": "n/a", "order_time": "2024-07-05 06:30:00", "city": "Rome", "tags": "s"}
{broken json
JSON

# Fills a template: @DIR@ becomes the work directory.
fill() {
  sed "s|@DIR@|$work|g" "$1" >"$2"
}

fill "$examples/files_to_partitioned_sink.sql" "$work/write.sql"
if ! "$weir" sql -f "$work/write.sql" >"$work/write.log" 2>&1; then
  cat "$work/write.log" >&2
  fail "weir sql -f files_to_partitioned_sink.sql failed"
fi

# The partition directories, and nothing else.
(cd "$work/sink" && find . -mindepth 1 -maxdepth 1 | sort) >"$work/partitions.actual"
printf '%s\n' ./city=Berlin ./city=Paris ./city=Rome >"$work/partitions.expected"
diff -u "$work/partitions.expected" "$work/partitions.actual" || fail "partition directories"

# No in-progress or other hidden file is left; each partition has its success file.
hidden="$(find "$work/sink" -name '.*' -o -name '_*' ! -name _SUCCESS)"
[[ -z "$hidden" ]] || fail "hidden files left in the sink: $hidden"
for city in Berlin Paris Rome; do
  [[ -f "$work/sink/city=$city/_SUCCESS" ]] || fail "no _SUCCESS in city=$city"
done

# The rows of every committed file of a partition, sorted, are exactly the expected ones.
# With '|' as delimiter Flink's CSV writer (Jackson's loose quoting check: any character
# below the delimiter) quotes every non-empty STRING value; numbers and booleans stay bare.
expect_partition() {
  local city="$1"
  cat >"$work/expected.$city"
  find "$work/sink/city=$city" -type f ! -name _SUCCESS -exec cat {} + | sort \
    >"$work/actual.$city"
  sort -o "$work/expected.$city" "$work/expected.$city"
  diff -u "$work/expected.$city" "$work/actual.$city" || fail "rows of partition city=$city"
}
expect_partition Berlin <<'ROWS'
1|"ALICE"|"12.50"|"small"|false|"2024/05/17"|5|10|2|"b/a"|"{""id"":1,""tags"":2}"|19|"Ber-1"
3|"CAROL"|"100.00"|"large"|true|"2024/06/01"|6|0|3|"z/y/x"|"{""id"":3,""tags"":3}"|17|"Ber-3"
ROWS
expect_partition Paris <<'ROWS'
2|"UNKNOWN"|"-3.25"|"refund"|false|"2024/05/18"|5|23|1|"c"|"{""id"":2,""tags"":1}"|20|"Par-2"
4|"DAVE"|"n/a"|"invalid"|false|"2024/06/02"|6|8|1|"d"|"{""id"":4,""tags"":1}"|40|"Par-4"
ROWS
expect_partition Rome <<'ROWS'
10|"ERIN"|"7.50"|"small"|true|"2024/07/04"|7|12|2|"r/q"|"{""id"":10,""tags"":2}"|100|"Rom-10"
11|"UNKNOWN"|"n/a"|"invalid"|true|"2024/07/05"|7|6|1|"s"|"{""id"":11,""tags"":1}"|9|"Rom-11"
ROWS

# The script's last INSERT read the sink back with SQL (partition column from the directory
# names) after the first one's job had finished ('table.dml-sync').
find "$work/readback" -type f ! -name '.*' ! -name '_*' -exec cat {} + | sort >"$work/readback.actual"
sort >"$work/readback.expected" <<'ROWS'
"Berlin"|1|"ALICE"|"small"|false|19
"Berlin"|3|"CAROL"|"large"|true|17
"Paris"|2|"UNKNOWN"|"refund"|false|20
"Paris"|4|"DAVE"|"invalid"|false|40
"Rome"|10|"ERIN"|"small"|true|100
"Rome"|11|"UNKNOWN"|"invalid"|true|9
ROWS
diff -u "$work/readback.expected" "$work/readback.actual" || fail "rows read back from the sink"

echo "PASS: sql_files_to_partitioned_sink"
