#!/usr/bin/env bash
# Scale-out runs (issue 13): the PostgreSQL store against SQLite on one node, writes per second,
# two nodes behind a loopback balancer against one, the commit cost of PostgreSQL, and the
# propagation delay between two nodes, on this machine, in one run.
#
#   bench/run-scaleout.sh [ROUNDS=4] [DURATION_S=10] [CONNS="16 64"]
#
# Parts (PARTS, default "reads writes commit nodes propagation"; each its own section of output):
#   reads        Two nodes side by side: S, ./charter serve on SQLite (a fresh data directory), and P,
#                ./charter serve --store postgresql://…/charter_scaleout_<pid>_single (a database
#                created for the run). Both seeded alike (bench-role, bench-caller, as run-vs-moto.sh);
#                the shared harness (../shared/bench/run_bench.sh: AssumeRole and GetCallerIdentity,
#                one signed request replayed by wrk) loads them in turn, ROUNDS times, the order
#                swapped every round (S P, P S, S P, …). Prints each store's median req/s and P/S per
#                round. Reads come from the snapshot, so the goal is P/S within 10 %.
#   writes       The same two nodes: bench.WriteThroughput (CLIENTS threads of the AWS SDK's IAM
#                client, each alternating CreateUser and DeleteUser of a user of its own) at
#                WRITE_CLIENTS (default "1 8") clients, WRITE_S seconds, interleaved the same way.
#                Prints writes/s, p50 and p99, P/S per round.
#   commit       pgbench on a scratch database: a transaction that updates one row, as every Charter
#                write first updates store_generation, at 1 and 8 clients: the commit latency of this
#                PostgreSQL, and the ceiling of writes serialised on one row.
#   nodes        S and P stopped; N1, ./charter serve on a new database: one client writing on it
#                alone, and from PostgreSQL's statistics the table scans (≈ queries), transactions and
#                time in transactions per write. Then N2 on the same database (its data
#                directory holds a copy of N1's master.key), and haproxy on loopback with two
#                frontends: "one" (round robin over N1 alone) and "two" (round robin over N1 and N2).
#                The harness loads the two frontends in turn, ROUNDS times, interleaved; prints the
#                median req/s of each and two/one per round. Then one client writing on N1 while N2
#                follows, and PostgreSQL's work per write again (the writer's plus the follower's).
#   propagation  io.charter.bench.PropagationBenchmark (two nodes in one JVM on one new database,
#                PROPAGATION_CHANGES changes, p50/p99 of the delay), when the bench jar holds it.
#
# Environment: STORE_URL (postgresql://127.0.0.1:5432; databases are created under it with psql and
# dropped at the end), CHARTER_STORE_USER (postgres; CHARTER_STORE_PASSWORD if the server wants one),
# PORT_BASE (18900: S +1, P +2, N1 +3, N2 +4, the balancer +11 and +12), WARMUP_S (5, per action and
# target), THREADS (2, wrk threads), WRITE_CLIENTS ("1 8"), WRITE_S (DURATION_S), PROPAGATION_CHANGES
# (1000), CHARTER_JAVA_OPTS (the servers' JVM options), KEEP_WORKDIR=1.
# Needs wrk and haproxy (installed with apt-get when missing and run as root), psql and pgbench,
# the AWS CLI, python3 with botocore, curl, and a PostgreSQL that lets CHARTER_STORE_USER create
# databases. Exit status: 0; 1 when something needed is missing or a step fails (a failed request
# or write fails the run).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
charter_find_jdk
harness="$root/../shared/bench/run_bench.sh"
rounds=${1:-4}
duration=${2:-10}
conns=${3:-"16 64"}
parts=${PARTS:-"reads writes commit nodes propagation"}
store_url=${STORE_URL:-postgresql://127.0.0.1:5432}
export CHARTER_STORE_USER=${CHARTER_STORE_USER:-postgres}
base=${PORT_BASE:-18900}
write_clients=${WRITE_CLIENTS:-"1 8"}
write_s=${WRITE_S:-$duration}
account=123456789012
export WARMUP_S=${WARMUP_S:-5}
export THREADS=${THREADS:-2}
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_ENDPOINT_URL

die() { echo "run-scaleout: $*" >&2; exit 1; }
. "$here/common.sh"
[ -f "$harness" ] || die "the HTTP harness is missing: expected $harness (shared/ beside the project)"
require_wrk
if ! command -v haproxy > /dev/null 2>&1 && [[ " $parts " == *" nodes "* ]]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "haproxy is missing; installing it with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; } > /dev/null \
      || die "could not install haproxy with apt-get (apt-get install -y haproxy)"
  fi
  command -v haproxy > /dev/null 2>&1 || die "haproxy is missing: install it (Debian: apt-get install -y haproxy)"
fi
for tool in psql pgbench aws curl; do command -v "$tool" > /dev/null 2>&1 || die "$tool is missing"; done
python3 -c 'import botocore' 2> /dev/null || die "python3 with botocore is needed by the harness"
[[ "$store_url" =~ ^postgresql://([^:/]+)(:([0-9]+))?$ ]] || die "STORE_URL must be postgresql://HOST[:PORT]: $store_url"
pg_host=${BASH_REMATCH[1]}
pg_port=${BASH_REMATCH[3]:-5432}
export PGPASSWORD=${CHARTER_STORE_PASSWORD:-}
psql_admin() { psql -h "$pg_host" -p "$pg_port" -U "$CHARTER_STORE_USER" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_admin -d postgres -tAc 'SELECT 1' > /dev/null || die "cannot reach PostgreSQL at $store_url as $CHARTER_STORE_USER"

declare -A port=([S]=$((base + 1)) [P]=$((base + 2)) [N1]=$((base + 3)) [N2]=$((base + 4)) [one]=$((base + 11)) [two]=$((base + 12)))
declare -A pid=()
for p in "${port[@]}"; do port_in_use "$p" && die "port $p is in use: set PORT_BASE"; done
prefix="charter_scaleout_$$"
databases=()
work=$(mktemp -d "${TMPDIR:-/tmp}/charter-scaleout.XXXXXX")
balancer_pid=""

cleanup() {
  local name
  stop "$balancer_pid" haproxy
  for name in "${!pid[@]}"; do stop "${pid[$name]}" "$name"; done
  for name in ${databases[@]+"${databases[@]}"}; do
    psql_admin -d postgres -c "DROP DATABASE IF EXISTS $name" > /dev/null 2>&1 || echo "run-scaleout: could not drop database $name" >&2
  done
  [ "${KEEP_WORKDIR:-0}" = 1 ] && echo "run-scaleout: kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

new_database() { # NAME: created now, dropped at the end
  psql_admin -d postgres -c "CREATE DATABASE $1" > /dev/null || die "could not create database $1"
  databases+=("$1")
}
load() { echo "$(cut -d' ' -f1-3 /proc/loadavg)"; }

# start NAME [--store URL]: ./charter serve on port[NAME], data directory $work/NAME; waits for /health.
start() {
  local name=$1 i
  shift
  (cd "$root" && exec ./charter serve --host 127.0.0.1 --port "${port[$name]}" --data-dir "$work/$name" "$@") \
    > "$work/$name.log" 2>&1 &
  pid[$name]=$!
  for i in $(seq 1 1200); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[$name]}/health" && return 0
    kill -0 "${pid[$name]}" 2> /dev/null || { tail -n 30 "$work/$name.log" >&2; die "$name exited before answering"; }
    sleep 0.1
  done
  die "$name did not answer within 120 s"
}
root_key() { sed -n 's/^aws_access_key_id *= *//p' "$work/$1/credentials"; }
root_secret() { sed -n 's/^aws_secret_access_key *= *//p' "$work/$1/credentials"; }
seed_node() { # NAME: bench-role and bench-caller, into $work/NAME.seed
  AWS_DEFAULT_REGION=us-east-1 seed "http://127.0.0.1:${port[$1]}" "$account" "$(root_key "$1")" "$(root_secret "$1")" \
    > "$work/$1.seed" || die "could not seed $1"
}
# order ROUND A B: "A B" in odd rounds, "B A" in even ones.
order() { if [ $(($1 % 2)) = 1 ]; then echo "$2 $3"; else echo "$3 $2"; fi; }
# harness NAME TARGET_PORT ROUND: the shared harness as bench-caller of NAME's store, lines tagged "NAME round=R".
harness_round() {
  local role user_key user_secret
  read -r role user_key user_secret < "$work/$1.seed"
  AWS_ACCESS_KEY_ID=$user_key AWS_SECRET_ACCESS_KEY=$user_secret ROLE_ARN=$role OUTDIR="$work/out-$1-$3" \
    bash "$harness" "127.0.0.1:$2" "$duration" "$conns" 2> "$work/harness-$1-$3.err" \
    | grep RESULT | sed "s/^/$1 round=$3 /" | tee -a "$work/results" \
    || { cat "$work/harness-$1-$3.err" >&2; die "the harness failed against $1"; }
  ! grep -q ' RESULT .*non2xx=[1-9]' "$work/results" || die "a benchmarked request failed (non2xx above)"
}
writes() { # NAME PORT CLIENTS SECONDS: WriteThroughput as NAME's root
  AWS_ACCESS_KEY_ID=$(root_key "$1") AWS_SECRET_ACCESS_KEY=$(root_secret "$1") \
    "$JAVA_HOME/bin/java" -cp "$jar" io.charter.bench.WriteThroughput "http://127.0.0.1:$2" "$3" "$4" 3 "w$1" \
    || die "writes against $1 failed"
}
# PostgreSQL's counters for DB: "table_scans transactions busy_ms": transactions committed or rolled
# back (each autocommitted statement is one: Charter's SET SESSION CHARACTERISTICS too), busy_ms the time its sessions spent
# running statements or idle inside a transaction (PostgreSQL 14+; backends report within 10 s).
pg_counters() {
  sleep 11 # a backend reports its counters at most once a second when busy, within 10 s when idle
  psql_admin -d "$1" -tAc "SELECT (SELECT coalesce(sum(seq_scan + idx_scan), 0) FROM pg_stat_user_tables), \
    (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()), \
    (SELECT round(active_time + idle_in_transaction_time) FROM pg_stat_database WHERE datname = current_database())" | tr '|' ' '
}
per_write() { # WHAT SCANS TRANSACTIONS BUSY_MS WRITES
  awk -v what="$1" -v scans="$2" -v xacts="$3" -v busy="$4" -v writes="$5" 'BEGIN {
    printf "## PostgreSQL (%s): %d writes, %d table scans (%.1f a write), %d transactions (%.2f a write), %d ms in transactions (%.2f ms a write: at most the time a write holds the store_generation row)\n",
      what, writes, scans, writes ? scans / writes : 0, xacts, writes ? xacts / writes : 0, busy, writes ? busy / writes : 0 }'
}
# measured_writes NAME WHAT: one client writing on NAME (the nodes' database) for WRITE_S seconds, and
# what PostgreSQL did for it: scans, transactions and time in transactions per write.
measured_writes() {
  local line scans_before xacts_before busy_before scans_after xacts_after busy_after
  echo "## nodes: writes, one client, $2; load $(load)"
  read -r scans_before xacts_before busy_before <<< "$(pg_counters "${prefix}_nodes")"
  line=$(writes "$1" "${port[$1]}" 1 "$write_s")
  echo "$line"
  read -r scans_after xacts_after busy_after <<< "$(pg_counters "${prefix}_nodes")"
  per_write "$2" "$((scans_after - scans_before))" "$((xacts_after - xacts_before))" \
    "$((busy_after - busy_before))" "$(sed -n 's/.* all_writes=\([0-9]*\).*/\1/p' <<< "$line")"
}
# warm NAME PORT: one untimed pass of the harness (and of the writes when that part runs): round 1 meets warm JVMs.
warm() {
  local role user_key user_secret
  read -r role user_key user_secret < "$work/$1.seed"
  AWS_ACCESS_KEY_ID=$user_key AWS_SECRET_ACCESS_KEY=$user_secret ROLE_ARN=$role OUTDIR="$work/warm-$1" \
    bash "$harness" "127.0.0.1:$2" "$duration" "$conns" > /dev/null 2>&1 || die "the warm-up pass failed against $1"
}
# summarize METRIC A B: per action and connection count, medians of A and B and B/A per round.
summarize() {
  python3 - "$work/results" "$1" "$2" "$3" <<'PY'
import re, statistics, sys
path, metric, a_name, b_name = sys.argv[1:]
rows = {}
for line in open(path):
    m = re.match(r'(\w+) round=(\d+) (\w+) c=(\d+) .*RESULT(.*)', line)
    if not m or m.group(1) not in (a_name, b_name):
        continue
    side, rnd, action, conns, rest = m.groups()
    fields = dict(kv.split('=') for kv in rest.split() if '=' in kv)
    if metric in fields:
        rows.setdefault((action, int(conns)), {}).setdefault(side, {})[int(rnd)] = fields
def med(side, key):
    return statistics.median(float(f[key]) for f in side.values())
extra = ["p50_ms", "p99_ms"]
print(f"{'action':18} {'c':>3} | {a_name+' '+metric:>14} | {b_name+' '+metric:>14} | "
      + " | ".join(f"{k} ({a_name}, {b_name})" for k in extra) + f" | {b_name}/{a_name} per round (median)")
for (action, conns), sides in sorted(rows.items()):
    a, b = sides.get(a_name, {}), sides.get(b_name, {})
    if not a or not b:
        continue
    ratios = [float(b[r][metric]) / float(a[r][metric]) for r in sorted(a) if r in b]
    lat = " | ".join(f"{med(a, k):.3f}, {med(b, k):.3f}".rjust(len(f"{k} ({a_name}, {b_name})")) for k in extra)
    print(f"{action:18} {conns:3} | {med(a, metric):14,.1f} | {med(b, metric):14,.1f} | {lat} | "
          + ", ".join(f"{x:.2f}" for x in ratios) + f" ({statistics.median(ratios):.2f})")
PY
}

"$root/charter" --help > /dev/null || die "could not build Charter"
jar="$root/bench/target/benchmarks.jar"
build_bench_jar "$root" || die "could not build the bench module"
echo "# run-scaleout: $(git -C "$root" log --oneline -1 2> /dev/null || echo 'not a git checkout'); rounds=$rounds duration=${duration}s conns=[$conns] cpus=$(nproc) load $(load) $(date -u +%FT%TZ)"
: > "$work/results"

if [[ " $parts " == *" reads "* || " $parts " == *" writes "* ]]; then
  new_database "${prefix}_single"
  start S
  start P --store "$store_url/${prefix}_single"
  seed_node S
  seed_node P
fi

if [[ " $parts " == *" reads "* ]]; then
  echo "## reads: one node, SQLite (S) and PostgreSQL (P); load $(load)"
  warm S "${port[S]}"
  warm P "${port[P]}"
  for round in $(seq 1 "$rounds"); do
    for s in $(order "$round" S P); do harness_round "$s" "${port[$s]}" "$round"; done
  done
  echo "## reads: load after $(load)"
  summarize rps S P
fi

if [[ " $parts " == *" writes "* ]]; then
  echo "## writes: CreateUser/DeleteUser, one node, SQLite (S) and PostgreSQL (P); load $(load)"
  for s in S P; do writes "$s" "${port[$s]}" 8 "$write_s" > /dev/null; done # warm-up, not counted
  for round in $(seq 1 "$rounds"); do
    for s in $(order "$round" S P); do
      for c in $write_clients; do
        writes "$s" "${port[$s]}" "$c" "$write_s" | sed "s/^/$s round=$round /" | tee -a "$work/results"
      done
    done
  done
  echo "## writes: load after $(load)"
  summarize wps S P
fi
for s in S P; do
  if [ -n "${pid[$s]:-}" ]; then stop "${pid[$s]}" "$s"; unset "pid[$s]"; fi
done

if [[ " $parts " == *" commit "* ]]; then
  echo "## commit: pgbench, one transaction updating one row; load $(load)"
  new_database "${prefix}_commit"
  psql_admin -d "${prefix}_commit" -c "CREATE TABLE generation (id integer PRIMARY KEY, n integer NOT NULL); INSERT INTO generation VALUES (1, 0)" \
    || die "could not prepare the commit database"
  echo 'UPDATE generation SET n = n + 1 WHERE id = 1;' > "$work/commit.sql"
  for c in 1 8; do
    out=$(PGPASSWORD=$PGPASSWORD pgbench -h "$pg_host" -p "$pg_port" -U "$CHARTER_STORE_USER" -n -f "$work/commit.sql" \
      -c "$c" -j 1 -T "$duration" "${prefix}_commit" 2>&1) || { echo "$out" >&2; die "pgbench failed"; }
    echo "commit c=$c RESULT tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<< "$out") latency_avg_ms=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<< "$out")"
  done
  echo "## commit: load after $(load)"
fi

if [[ " $parts " == *" nodes "* ]]; then
  echo "## nodes: two nodes on one PostgreSQL database behind haproxy, against one; load $(load)"
  new_database "${prefix}_nodes"
  start N1 --store "$store_url/${prefix}_nodes"
  measured_writes N1 "N1 alone"
  mkdir -p "$work/N2" && chmod 700 "$work/N2"
  cp "$work/N1/master.key" "$work/N2/master.key" && chmod 600 "$work/N2/master.key"
  start N2 --store "$store_url/${prefix}_nodes"
  seed_node N1
  cp "$work/N1.seed" "$work/one.seed"
  cp "$work/N1.seed" "$work/two.seed"
  read -r _ user_key user_secret < "$work/N1.seed"
  deadline=$(($(date +%s) + 30))
  until AWS_ACCESS_KEY_ID=$user_key AWS_SECRET_ACCESS_KEY=$user_secret aws --endpoint-url "http://127.0.0.1:${port[N2]}" \
      sts get-caller-identity > /dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || die "N2 did not learn bench-caller's key within 30 s"
    sleep 0.2
  done
  cat > "$work/haproxy.cfg" <<EOF
global
    maxconn 4096
    nbthread 1
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend one
    bind 127.0.0.1:${port[one]}
    default_backend one
frontend two
    bind 127.0.0.1:${port[two]}
    default_backend two
backend one
    balance roundrobin
    server n1 127.0.0.1:${port[N1]}
backend two
    balance roundrobin
    server n1 127.0.0.1:${port[N1]}
    server n2 127.0.0.1:${port[N2]}
EOF
  haproxy -c -q -f "$work/haproxy.cfg" || die "haproxy refused its configuration"
  haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
  balancer_pid=$!
  for i in $(seq 1 50); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[two]}/health" && break; sleep 0.1; done
  warm two "${port[two]}" # both nodes
  for round in $(seq 1 "$rounds"); do
    for s in $(order "$round" one two); do harness_round "$s" "${port[$s]}" "$round"; done
  done
  echo "## nodes: load after $(load)"
  summarize rps one two
  measured_writes N1 "N1 writing, N2 following"
  stop "$balancer_pid" haproxy
  balancer_pid=""
  for s in N1 N2; do stop "${pid[$s]}" "$s"; unset "pid[$s]"; done
fi

if [[ " $parts " == *" propagation "* ]]; then
  if "$JAVA_HOME/bin/jar" tf "$jar" | grep -q '^io/charter/bench/PropagationBenchmark.class$'; then
    echo "## propagation: two nodes on one PostgreSQL database; load $(load)"
    databases+=("${prefix}_propagation") # the benchmark creates it
    "$JAVA_HOME/bin/java" $(native_access_opts) -cp "$jar" io.charter.bench.PropagationBenchmark \
      "$store_url/${prefix}_propagation" "${PROPAGATION_CHANGES:-1000}" || die "the propagation benchmark failed"
    echo "## propagation: load after $(load)"
  else
    echo "## propagation: skipped (io.charter.bench.PropagationBenchmark is not in $jar)"
  fi
fi
echo "# run-scaleout: done, load $(load) $(date -u +%FT%TZ)"
