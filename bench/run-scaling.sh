#!/usr/bin/env bash
# Scaling runs: AssumeRole over HTTP with 10, 10,000 and 100,000 roles (each with its own attached
# customer managed policy) in the store; time from start to the first served request; heap per
# role; and heap after a million AssumeRole calls (no per-session state may accumulate).
#
#   bench/run-scaling.sh [DURATION_S=15] ["10 10000 100000"]
#
# For each size: bench.SeedStore writes the roles into a fresh data directory in one transaction
# and times an ordinary write (create a user, then delete it) with them in the store (write_ms);
# ./charter serve starts on it (timed to the first /health answer); bench-role and bench-caller
# are created with the AWS CLI; the shared harness (../shared/bench/run_bench.sh) runs AssumeRole
# at 1 and 64 connections; the heap in use after a full GC is read with jcmd. After the first
# size, AssumeRole is driven at 64 connections until a million calls were served, and the heap is
# read again. Needs what bench/run-vs-moto.sh needs (wrk, the AWS CLI, python3 with botocore),
# and jcmd from the JDK. Environment: CHARTER_PORT (18700), WARMUP_S (5), KEEP_WORKDIR=1,
# CHARTER_JAVA_OPTS (JVM options of the seeding JVM and the server; 1,000,000 roles take about
# 2 GiB of heap once started, 5.5 GiB if every policy is in use: -Xmx12g leaves room for both).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
charter_find_jdk
harness="$root/../shared/bench/run_bench.sh"
duration=${1:-15}
sizes=${2:-"10 10000 100000"}
port=${CHARTER_PORT:-18700}
account=123456789012
export WARMUP_S=${WARMUP_S:-5}
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_ENDPOINT_URL
work=$(mktemp -d "${TMPDIR:-/tmp}/charter-scaling.XXXXXX")
export OUTDIR="$work/harness"
pid=""

die() { echo "run-scaling: $*" >&2; exit 1; }
. "$here/common.sh"
[ -f "$harness" ] || die "the HTTP harness is missing: expected $harness"
require_wrk
port_in_use "$port" && die "port $port is in use: set CHARTER_PORT"
command -v aws > /dev/null || die "the AWS CLI is missing"
cleanup() { stop "$pid" Charter; [ "${KEEP_WORKDIR:-0}" = 1 ] && echo "run-scaling: kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

jar="$root/bench/target/benchmarks.jar"
"$root/charter" --help > /dev/null || die "could not build Charter"
# Starts are timed: record the launcher's start-up cache first, or the first start would include it.
"$root/charter" train-startup || die "could not record the start-up cache"
build_bench_jar "$root" || die "could not build the bench module"

heap_used_kb() { # after a full GC
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run > /dev/null
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1
}
ms() { date +%s%N | cut -b1-13; }

printf '%-8s | %-10s | %-9s | %-12s | %-14s | %-10s | %-12s | %s\n' roles seed_ms write_ms start_ms heap_MiB rps_c64 p50_ms_c1 rps_c1
first=1
for n in $sizes; do
  data="$work/data-$n"
  # shellcheck disable=SC2086 # CHARTER_JAVA_OPTS holds several options
  seed_out=$("$JAVA_HOME/bin/java" ${CHARTER_JAVA_OPTS:-} $(native_access_opts) -cp "$jar" io.charter.bench.SeedStore \
    "$data" "$n" "$account" 2> "$work/seed-$n.log") \
    || { tail -n 20 "$work/seed-$n.log" >&2; die "seeding $n roles failed"; }
  seed_ms=$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' <<< "$seed_out" | head -n 1)
  write_ms=$(sed -n 's/^a write .* takes \([0-9.]*\) ms.*/\1/p' <<< "$seed_out" | head -n 1)
  started=$(ms)
  "$root/charter" serve --port "$port" --data-dir "$data" > "$work/serve-$n.log" 2>&1 &
  pid=$!
  deadline=$(( $(date +%s) + 600 )) # a million roles start in about half a minute
  until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/health"; do
    kill -0 "$pid" 2> /dev/null || { tail -n 20 "$work/serve-$n.log" >&2; die "Charter did not start with $n roles"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "Charter did not answer within 600 s with $n roles"
    sleep 0.01
  done
  start_ms=$(( $(ms) - started ))
  key=$(sed -n 's/^aws_access_key_id *= *//p' "$data/credentials")
  secret=$(sed -n 's/^aws_secret_access_key *= *//p' "$data/credentials")
  seeded=$(seed "http://127.0.0.1:$port" "$account" "$key" "$secret") || die "could not seed bench-role and bench-caller"
  read -r role_arn user_key user_secret <<< "$seeded"
  heap_kb=$(heap_used_kb)
  result=$(AWS_ACCESS_KEY_ID="$user_key" AWS_SECRET_ACCESS_KEY="$user_secret" ROLE_ARN="$role_arn" ACTIONS=AssumeRole \
    "$harness" "127.0.0.1:$port" "$duration" "1 64")
  echo "$result" > "$work/harness-$n.txt"
  field() { sed -n "s/^AssumeRole c=$1 .* $2=\([0-9.]*\).*/\1/p" <<< "$result" | head -n 1; }
  printf '%-8s | %-10s | %-9s | %-12s | %-14s | %-10s | %-12s | %s\n' "$n" "$seed_ms" "$write_ms" "$start_ms" \
    "$(awk -v k="$heap_kb" 'BEGIN{printf "%.1f", k/1024}')" "$(field 64 rps)" "$(field 1 p50_ms)" "$(field 1 rps)"
  if [ "$first" = 1 ]; then
    first=0
    before_kb=$heap_kb
    rps=$(field 64 rps); rps=${rps%.*}
    secs=$(( 1250000 / (rps > 0 ? rps : 1) + 1 )) # a quarter to spare: the rate varies
    lua=$(ls "$OUTDIR"/signed_AssumeRole.lua)
    # The signed script reports through the harness's report.lua, found by BENCH_DIR.
    BENCH_DIR=$(dirname "$harness") wrk -t2 -c64 -d"${secs}s" -s "$lua" "http://127.0.0.1:$port/" > "$work/million.txt" 2>&1 \
      || { cat "$work/million.txt" >&2; die "the million-call run failed"; }
    served=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$work/million.txt")
    ! grep -q 'Non-2xx' "$work/million.txt" || { cat "$work/million.txt" >&2; die "the million-call run had failed requests"; }
    [ "${served:-0}" -ge 1000000 ] || die "the million-call run served only ${served:-0} calls"
    after_kb=$(heap_used_kb)
    million_line="after $served more AssumeRole calls (plus the harness's), heap in use after a full GC: $((before_kb / 1024)) MiB before, $((after_kb / 1024)) MiB after"
  fi
  stop "$pid" Charter
  pid=""
done
echo "$million_line"
