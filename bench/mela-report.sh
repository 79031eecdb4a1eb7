#!/usr/bin/env bash
# The one-year MELA report at scale: seeds one year of seat-holding intervals of 100,000 instances over 20 license
# types (one multi-row INSERT ... SELECT from MariaDB's sequence tables, a few seconds), then times the report as CSV
# over HTTP (curl): computed entirely from the intervals (no rollups), then with the daily rollups in place, cold
# (first request after a server start) and warm (median of several runs). Needs `mvn package` first and a MariaDB
# (default: the local one on 3306, reached as root without password by the mariadb client; BENCH_DB_HOST/BENCH_DB_PORT
# for another). The server connects with an account that has a password (MicroProfile Config treats an empty one as
# unset), BENCH_DB_USER/BENCH_DB_PASSWORD, which the script creates for its database. Not a test.
#   bench/mela-report.sh [runs=9]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
port=${BENCH_PORT:-8095}
db_host=${BENCH_DB_HOST:-127.0.0.1}
db_port=${BENCH_DB_PORT:-3306}
db=${BENCH_DB_NAME:-asl_bench5}
sql() { mariadb -uroot -h"$db_host" -P"$db_port" "$@"; }
db_user=${BENCH_DB_USER:-asl_bench5}
db_password=${BENCH_DB_PASSWORD:-asl-bench5-password}
sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;
        CREATE USER IF NOT EXISTS '$db_user'@'%' IDENTIFIED BY '$db_password'; GRANT ALL ON $db.* TO '$db_user'@'%';
        CREATE USER IF NOT EXISTS '$db_user'@'localhost' IDENTIFIED BY '$db_password'; GRANT ALL ON $db.* TO '$db_user'@'localhost';"
server=
start_server() {
  ASL_DB_URL="jdbc:mariadb://$db_host:$db_port/$db" ASL_DB_USER=$db_user ASL_DB_PASSWORD=$db_password ASL_APPLIANCE_KEY=bench-appliance-key-0123456789 \
  ASL_ADMIN_INITIAL_PASSWORD=bench-admin ASL_VENDOR_PUBLIC_KEY=src/test/resources/vendor/vendor-public.pem \
    java -jar target/payara-micro.jar --deploy target/activation-server.war --contextroot / --port "$port" --nocluster \
         --rootdir "target/bench-mela-$port" > "target/bench-mela-server.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/api/v1/ping" > /dev/null; do
    kill -0 "$server" 2> /dev/null || { echo "server failed, see target/bench-mela-server.log"; exit 1; }
    sleep 1
  done
}
stop_server() { kill "$server"; wait "$server" 2> /dev/null || true; server=; }
trap '[ -n "$server" ] && kill $server 2> /dev/null' EXIT

start_server   # creates the schema
today=$(date -u +%F)
from=$(date -u -d "$today -364 days" +%F)
echo "seeding: 100,000 instances, 20 types, $from to now"
t0=$(date +%s.%N)
sql "$db" <<SQL
SET @start = TIMESTAMP('$from 00:00:00');
-- instance i: activated at a random moment of the year, holding 1 to 3 seats one after another (relicenses), each for
-- 1 hour to 120 days; half never end (still active now), the others end (deregistration, kill, release) after the last.
INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at)
SELECT CONCAT('bench-', LPAD(i.seq, 8, '0')),
       CONCAT('VLM-T', LPAD(1 + (i.h1 + p.seq * 7) % 20, 2, '0')),
       i.t0 + INTERVAL ((p.seq - 1) * i.len) SECOND,
       IF((p.seq = i.k AND i.open) OR i.t0 + INTERVAL (p.seq * i.len) SECOND > UTC_TIMESTAMP(6), NULL,
          i.t0 + INTERVAL (p.seq * i.len) SECOND)
FROM (SELECT seq, CRC32(CONCAT('a', seq)) AS h1,
             3600 + CRC32(CONCAT('b', seq)) % (120 * 86400) AS len,
             1 + CRC32(CONCAT('c', seq)) % 3 AS k,
             CRC32(CONCAT('d', seq)) % 2 = 0 AS open,
             @start + INTERVAL (CRC32(CONCAT('a', seq)) % (364 * 86400)) SECOND
                    + INTERVAL (CRC32(CONCAT('e', seq)) % 1000000) MICROSECOND AS t0
      FROM seq_1_to_100000) i
JOIN seq_1_to_3 p ON p.seq <= i.k
WHERE i.t0 + INTERVAL ((p.seq - 1) * i.len) SECOND < UTC_TIMESTAMP(6);
ANALYZE TABLE usage_interval;
SQL
t1=$(date +%s.%N)
sql -N "$db" -e "SELECT CONCAT(COUNT(*), ' intervals, ', SUM(ended_at IS NULL), ' still open, ', COUNT(DISTINCT instance_id), ' instances, ',
                 COUNT(DISTINCT license_type), ' types') FROM usage_interval"
echo "seeded in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

url="http://127.0.0.1:$port/api/v1/admin/reports/mela?from=$from&to=$today"
# one request: prints its time in seconds; stops the script on anything but 200
get() {
  local answer
  answer=$(curl -s -u admin:bench-admin -o target/bench-mela.csv -w '%{http_code} %{time_total}' "$url")
  [ "${answer%% *}" = 200 ] || { echo "HTTP ${answer%% *}: $(head -c 300 target/bench-mela.csv)" >&2; kill $$; }
  echo "${answer#* }"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
warm() { for _ in $(seq "$runs"); do get; done | median; }

echo "no rollups (every day computed from the intervals): first $(get) s, median of $runs $(warm) s"
rollup=$(curl -sf -u admin:bench-admin -X POST -w ' in %{time_total} s' "http://127.0.0.1:$port/api/v1/admin/reports/mela/rollups")
echo "rollups written (the timer's work, once): $rollup"
stop_server
start_server
echo "with rollups, fresh server: first (cold) $(get) s, median of $runs (warm) $(warm) s"
echo "report: $(($(wc -l < target/bench-mela.csv) - 1)) rows, $(wc -c < target/bench-mela.csv) bytes (target/bench-mela.csv)"
monthly="http://127.0.0.1:$port/api/v1/admin/reports/mela?period=month&from=$from&to=$today"
echo "monthly view, same year: median of $runs $(for _ in $(seq "$runs"); do curl -sf -u admin:bench-admin -o /dev/null -w '%{time_total}\n' "$monthly"; done | median) s"
sql -N "$db" -e "EXPLAIN SELECT license_type, COUNT(*) FROM usage_interval WHERE (ended_at IS NULL OR ended_at >= NOW()) AND started_at < CURDATE() GROUP BY license_type" \
  | awk -F"\t" '{ print "plan of the open-interval count: " $4 " on " $6 ", rows " $9 ", " $10 }'
