#!/usr/bin/env bash
# Cost of one heartbeat on this machine: server and database CPU time per heartbeat, and latency, under a steady
# fleet of appliances heartbeating every second. Needs `mvn package` first and a MariaDB (default: the local one on
# 3306, root without password; BENCH_DB_URL to use another). Not part of the test command.
#   bench/heartbeat-cost.sh [appliances=200] [seconds=60]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
seconds=${2:-60}
port=${BENCH_PORT:-8090}
db_url=${BENCH_DB_URL:-jdbc:mariadb://127.0.0.1:3306/asl_bench}
key=bench-appliance-key-0123456789
mariadb -uroot -e "DROP DATABASE IF EXISTS asl_bench; CREATE DATABASE asl_bench"
ASL_DB_URL=$db_url ASL_DB_USER=root ASL_DB_PASSWORD= ASL_APPLIANCE_KEY=$key ASL_ADMIN_INITIAL_PASSWORD=bench-admin \
ASL_VENDOR_PUBLIC_KEY=src/test/resources/vendor/vendor-public.pem \
  java -jar target/payara-micro.jar --deploy target/activation-server.war --contextroot / --port "$port" --nocluster \
       --postbootcommandfile payara-config/post-boot-commands.asadmin > target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/api/v1/ping" > /dev/null; do sleep 1; done
now=$(date -u +%Y-%m-%dT%H:%M:%SZ); later=$(date -u -d '+1 year' +%Y-%m-%dT%H:%M:%SZ)
echo "{\"licenseId\":\"BENCH\",\"customer\":\"Bench\",\"issuedAt\":\"$now\",\"expiresAt\":\"$later\",\"instanceLimit\":100000,\"types\":[{\"code\":\"VLM-MAX\",\"name\":\"VLM\",\"platforms\":[\"VMWARE\"],\"seats\":100000}]}" > target/bench-license.json
bin/vendor-tool sign src/test/resources/vendor/vendor-private.jwk target/bench-license.json > target/bench-license.jws
curl -sf -u admin:bench-admin -H 'Content-Type: application/jose' --data-binary @target/bench-license.jws "http://127.0.0.1:$port/api/v1/admin/entitlements" > /dev/null
fleet() { bin/asl-agent fleet --servers "http://127.0.0.1:$port" --key "$key" --count "$count" --rate 500 --mac-prefix 02:BE:4C \
            --license-type VLM-MAX --platform VMWARE --heartbeat-interval PT1S --duration "PT${1}S" --max-in-flight 64; }
fleet 15 > /dev/null  # activate and warm up
db=$(pgrep -x mariadbd | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
s0=$(ticks $server); d0=$(ticks "$db")
fleet "$seconds" | tee target/bench-fleet.txt | tail -25
s1=$(ticks $server); d1=$(ticks "$db")
beats=$(grep -oE 'heartbeats: +[0-9]+ ok' target/bench-fleet.txt | tail -1 | grep -oE '[0-9]+')
hz=$(getconf CLK_TCK)
echo "heartbeats: $beats in ${seconds} s; server CPU $(( (s1 - s0) * 1000 / hz )) ms, database CPU $(( (d1 - d0) * 1000 / hz )) ms"
awk -v s=$((s1 - s0)) -v d=$((d1 - d0)) -v b="$beats" -v hz="$hz" \
  'BEGIN { printf "per heartbeat: server %.3f ms CPU, database %.3f ms CPU\n", s*1000/hz/b, d*1000/hz/b }'
