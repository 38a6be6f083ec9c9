#!/usr/bin/env bash
# Two checkouts of Charter against each other over HTTP, on this machine, in one run: A/B.
#
#   bench/run-ab.sh DIR_A DIR_B [ROUNDS=5] [DURATION_S=10] [CONNS="16 64"]
#
# Starts each checkout's server (DIR/charter serve, a fresh data directory each; the launcher builds
# a checkout when needed), seeds both alike (bench-role and bench-caller, as run-vs-moto.sh does),
# then loads them in turn with the shared harness (../shared/bench/run_bench.sh: AssumeRole and
# GetCallerIdentity), ROUNDS times, the order swapped every round so that neither always runs
# first. Prints the harness's lines and, per action and connection count, each build's median
# req/s and B's req/s over A's, round by round: a change is within noise when the ratios straddle 1.
# Used to show a restructuring costs nothing (BENCHMARKS.md, "The restructuring").
#
# Environment: A_PORT (18601), B_PORT (18602), WARMUP_S (5, per action and server), THREADS (2).
# Needs wrk (installed with apt-get when missing and run as root), the AWS CLI, python3 with
# botocore, and curl. Exit status: 0; 1 when something needed is missing or a step fails.
set -euo pipefail

die() { echo "run-ab: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: bench/run-ab.sh DIR_A DIR_B [ROUNDS] [DURATION_S] [CONNS]"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
charter_find_jdk
. "$here/common.sh"
harness="$root/../shared/bench/run_bench.sh"
[ -f "$harness" ] || die "the HTTP harness is missing: expected $harness (shared/ beside the project)"
require_wrk
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
rounds=${3:-5}
duration=${4:-10}
conns=${5:-"16 64"}
export WARMUP_S=${WARMUP_S:-5}
declare -A dir=([A]="$a" [B]="$b") port=([A]=${A_PORT:-18601} [B]=${B_PORT:-18602}) pid=([A]="" [B]="")
for s in A B; do port_in_use "${port[$s]}" && die "port ${port[$s]} is in use: set ${s}_PORT"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/charter-ab.XXXXXX")
cleanup() {
  stop "${pid[A]}" A
  stop "${pid[B]}" B
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for s in A B; do
  (cd "${dir[$s]}" && exec ./charter serve --host 127.0.0.1 --port "${port[$s]}" --data-dir "$work/$s") \
    > "$work/$s.log" 2>&1 &
  pid[$s]=$!
  for i in $(seq 1 1200); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:${port[$s]}/health" && break
    kill -0 "${pid[$s]}" 2> /dev/null || { tail -n 30 "$work/$s.log" >&2; die "$s exited before answering"; }
    sleep 0.1
  done
  key=$(sed -n 's/.*AWS_ACCESS_KEY_ID=\([A-Z0-9]*\).*/\1/p' "$work/$s.log" | head -1)
  secret=$(sed -n 's/.*AWS_SECRET_ACCESS_KEY=\([^ ]*\).*/\1/p' "$work/$s.log" | head -1)
  [ -n "$key" ] && [ -n "$secret" ] || die "$s printed no root key (see $work/$s.log)"
  seeded=$(AWS_DEFAULT_REGION=us-east-1 seed "http://127.0.0.1:${port[$s]}" 123456789012 "$key" "$secret") \
    || die "could not seed $s"
  echo "$seeded" > "$work/$s.seed"
  echo "run-ab: $s is ${dir[$s]} ($(git -C "${dir[$s]}" log --oneline -1 2> /dev/null || echo 'not a git checkout'))"
done

results="$work/results"
for round in $(seq 1 "$rounds"); do
  order="A B"
  [ $((round % 2)) = 0 ] && order="B A"
  for s in $order; do
    read -r role user_key user_secret < "$work/$s.seed"
    AWS_ACCESS_KEY_ID=$user_key AWS_SECRET_ACCESS_KEY=$user_secret ROLE_ARN=$role OUTDIR="$work/out-$s-$round" \
      bash "$harness" "127.0.0.1:${port[$s]}" "$duration" "$conns" 2> /dev/null \
      | grep RESULT | sed "s/^/$s round=$round /" | tee -a "$results"
  done
done
echo "# load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\w) round=(\d+) (\w+) c=(\d+) .* rps=([\d.]+)', line)
    if m:
        side, rnd, action, conns, rps = m.groups()
        rows.setdefault((action, int(conns)), {}).setdefault(side, {})[int(rnd)] = float(rps)
print("action             conns | A req/s (median) | B req/s (median) | B/A per round (median)")
for (action, conns), sides in sorted(rows.items()):
    a, b = sides.get("A", {}), sides.get("B", {})
    ratios = [b[r] / a[r] for r in sorted(a) if r in b]
    print(f"{action:18} {conns:5} | {statistics.median(a.values()):16,.0f} | {statistics.median(b.values()):16,.0f} | "
          + ", ".join(f"{x:.2f}" for x in ratios) + f" ({statistics.median(ratios):.2f})")
PY
