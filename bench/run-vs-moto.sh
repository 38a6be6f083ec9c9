#!/usr/bin/env bash
# Charter against moto and against the floor over HTTP, on this machine, in one run.
#
#   bench/run-vs-moto.sh [DURATION_S=15] [CONNS="1 16 64"]
#
# Starts Charter (./charter serve, fresh data directory) and moto_server on loopback, seeds in each
# a role bench-role whose trust policy allows the account, and a user bench-caller with an access
# key and an identity policy allowing sts:AssumeRole on it; checks the user can assume the role and
# that Charter answers a replayed signed request again. Then starts the floor (bench.FloorServer
# from bench/target/benchmarks.jar, built when missing or older than its sources): a bare JDK HTTP
# server that does only the cryptography an STS cannot avoid (SigV4 verification with Charter's
# verifier and a cached key, random bytes, sealing a token), accepting Charter's bench-caller key.
# Runs the shared HTTP harness (../shared/bench/run_bench.sh from the project root: AssumeRole and
# GetCallerIdentity, one pre-signed request replayed by wrk) against Charter, the floor, then moto,
# as that user; stops all three by process id and prints the harness's lines and a table of
# Charter/moto and Charter/floor ratios.
#
# Environment: CHARTER_PORT (18600), MOTO_PORT (15077), FLOOR_PORT (15078), CHARTER_ACCOUNT_ID
# (123456789012: the account Charter bootstraps, hence the role ARN), WARMUP_S (5, per action and
# server), THREADS (2, wrk threads), CHARTER_JAVA_OPTS (JVM options for Charter, and for the floor:
# both JVMs get the same ones), KEEP_WORKDIR=1 (keep the logs, data directory and wrk outputs).
# Needs wrk (installed with apt-get when missing and run as root), moto_server, the AWS CLI,
# python3 with botocore, and curl.
# Exit status: 0; 1 when something needed is missing or a step fails; 2 when Charter answered any
# benchmarked request with an error (the run is then not comparable).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
charter_find_jdk # the JDK the launcher will use, named in the report
harness="$root/../shared/bench/run_bench.sh"
duration=${1:-15}
conns=${2:-"1 16 64"}
charter_port=${CHARTER_PORT:-18600}
moto_port=${MOTO_PORT:-15077}
floor_port=${FLOOR_PORT:-15078}
account=${CHARTER_ACCOUNT_ID:-123456789012}
moto_account=123456789012 # moto's default account
export WARMUP_S=${WARMUP_S:-5}
export THREADS=${THREADS:-2}
export AWS_DEFAULT_REGION=us-east-1
# Only the credentials this script sets may reach the AWS CLI and the harness.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_ENDPOINT_URL

die() {
  echo "run-vs-moto: $*" >&2
  exit 1
}

# --- What the run needs -------------------------------------------------------------------------
. "$here/common.sh"
[ -f "$harness" ] || die "the HTTP harness is missing: expected $harness (shared/ beside the project)"
require_wrk
command -v moto_server > /dev/null 2>&1 || die "moto_server is missing: pip install 'moto[server]'"
command -v aws > /dev/null 2>&1 || die "the AWS CLI is missing: pip install awscli"
command -v curl > /dev/null 2>&1 || die "curl is missing"
python3 -c 'import botocore' 2> /dev/null || die "python3 with botocore is needed by the harness: pip install botocore"
port_in_use "$charter_port" && die "port $charter_port is in use: set CHARTER_PORT"
port_in_use "$moto_port" && die "port $moto_port is in use: set MOTO_PORT"
port_in_use "$floor_port" && die "port $floor_port is in use: set FLOOR_PORT"
# pyenv's shim would stand between us and moto's process; start the real script when there is one.
moto_bin=$(pyenv which moto_server 2> /dev/null || command -v moto_server)

work=$(mktemp -d "${TMPDIR:-/tmp}/charter-vs-moto.XXXXXX")
charter_pid=""
moto_pid=""
floor_pid=""

cleanup() {
  stop "$charter_pid" Charter
  stop "$moto_pid" moto
  stop "$floor_pid" floor
  if [ "${KEEP_WORKDIR:-0}" = 1 ]; then
    echo "run-vs-moto: logs and outputs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

wait_for() { # URL PID NAME LOG: until the URL answers, the process dies, or 120 s pass
  local url=$1 pid=$2 name=$3 log=$4 i
  for i in $(seq 1 1200); do
    curl -s -o /dev/null --max-time 1 "$url" && return 0
    if ! kill -0 "$pid" 2> /dev/null; then
      tail -n 30 "$log" >&2
      die "$name exited before answering on $url"
    fi
    sleep 0.1
  done
  tail -n 30 "$log" >&2
  die "$name did not answer on $url within 120 s"
}

# --- Charter --------------------------------------------------------------------------------------
# The launcher builds the server when it is missing or older than its sources, and so does
# build_bench_jar the floor: do that first, so that the servers' starts below are only starts.
build_bench_jar "$root" || die "could not build the bench module (bench/target/benchmarks.jar)"
"$root/charter" --help > /dev/null || die "could not build Charter (./charter --help failed)"
charter_url="http://127.0.0.1:$charter_port"
"$root/charter" serve --host 127.0.0.1 --port "$charter_port" --data-dir "$work/charter-data" \
  --account-id "$account" > "$work/charter.log" 2>&1 &
charter_pid=$! # the launcher execs java: this is the server's own process
wait_for "$charter_url/health" "$charter_pid" Charter "$work/charter.log"

# The first start writes the root key of the account, owner-only, to DATA_DIR/credentials.
credentials_file="$work/charter-data/credentials"
[ -f "$credentials_file" ] || die "Charter wrote no credentials file at $credentials_file"
root_key=$(sed -n 's/^aws_access_key_id *= *//p' "$credentials_file")
root_secret=$(sed -n 's/^aws_secret_access_key *= *//p' "$credentials_file")
[ -n "$root_key" ] && [ -n "$root_secret" ] || die "no root key in $credentials_file"


# check URL ROLE_ARN KEY SECRET: the user is who it should be and may assume the role.
check() {
  local -a as_user=(env AWS_ACCESS_KEY_ID="$3" AWS_SECRET_ACCESS_KEY="$4" aws --endpoint-url "$1")
  local arn
  arn=$("${as_user[@]}" sts get-caller-identity --query Arn --output text)
  case "$arn" in *:user/bench-caller) ;; *) die "GetCallerIdentity at $1 answered $arn, not user/bench-caller";; esac
  "${as_user[@]}" sts assume-role --role-arn "$2" --role-session-name check \
    --query AssumedRoleUser.Arn --output text > /dev/null || die "bench-caller cannot assume $2 at $1"
}

seeded=$(seed "$charter_url" "$account" "$root_key" "$root_secret") || die "could not seed Charter (see above)"
read -r charter_role charter_user_key charter_user_secret <<< "$seeded"
[ "$charter_role" = "arn:aws:iam::$account:role/bench-role" ] || die "Charter created the role as $charter_role"
check "$charter_url" "$charter_role" "$charter_user_key" "$charter_user_secret"

# The harness replays one signed request: Charter must answer the same bytes again (SigV4 allows
# replays within the 15-minute window), and AssumeRole must not be throttled.
replay_curl=$(AWS_ACCESS_KEY_ID="$charter_user_key" AWS_SECRET_ACCESS_KEY="$charter_user_secret" \
  python3 "$root/../shared/bench/make_signed.py" "127.0.0.1:$charter_port" "$work/replay.lua" \
  --action AssumeRole --role-arn "$charter_role" --print-curl)
for attempt in 1 2 3; do
  code=$(eval "$replay_curl -o $work/replay_$attempt.xml -w '%{http_code}'")
  [ "$code" = 200 ] || { head -c 600 "$work/replay_$attempt.xml" >&2; echo >&2; die "Charter answered a replayed AssumeRole with HTTP $code (attempt $attempt)"; }
done

# --- moto ---------------------------------------------------------------------------------------
moto_url="http://127.0.0.1:$moto_port"
"$moto_bin" -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 &
moto_pid=$!
wait_for "$moto_url/moto-api/" "$moto_pid" moto "$work/moto.log"
# moto accepts any credentials for its administrator; the user's key is one moto issued.
seeded=$(seed "$moto_url" "$moto_account" AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY) \
  || die "could not seed moto (see above)"
read -r moto_role moto_user_key moto_user_secret <<< "$seeded"
check "$moto_url" "$moto_role" "$moto_user_key" "$moto_user_secret"

# --- The floor ----------------------------------------------------------------------------------
# It accepts one key, Charter's bench-caller's, so the harness signs for it as for Charter; given
# in the environment, not on the command line where ps would show the secret. The JVM gets what
# Charter's gets (CHARTER_JAVA_OPTS), nothing more: the same heap and collector defaults.
floor_url="http://127.0.0.1:$floor_port"
AWS_ACCESS_KEY_ID="$charter_user_key" AWS_SECRET_ACCESS_KEY="$charter_user_secret" \
  "$JAVA_HOME/bin/java" ${CHARTER_JAVA_OPTS:-} -cp "$root/bench/target/benchmarks.jar" io.charter.bench.FloorServer \
  "$floor_port" "$account" > "$work/floor.log" 2>&1 &
floor_pid=$!
wait_for "$floor_url/health" "$floor_pid" floor "$work/floor.log"
check "$floor_url" "$charter_role" "$charter_user_key" "$charter_user_secret"

# --- The runs -----------------------------------------------------------------------------------
java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 || true)
echo "# run-vs-moto: $(date -u +%FT%TZ), $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# charter: $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?') pid $charter_pid ($java_version); moto $(python3 -c 'import moto; print(moto.__version__)' 2> /dev/null || echo '?') pid $moto_pid; floor pid $floor_pid; $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
harness_run() { # NAME HOST:PORT ROLE_ARN KEY SECRET
  echo "## $1"
  env ROLE_ARN="$3" AWS_ACCESS_KEY_ID="$4" AWS_SECRET_ACCESS_KEY="$5" OUTDIR="$work/out-$1" \
    bash "$harness" "$2" "$duration" "$conns" | tee "$work/$1.txt"
}
harness_run charter "127.0.0.1:$charter_port" "$charter_role" "$charter_user_key" "$charter_user_secret"
harness_run floor "127.0.0.1:$floor_port" "$charter_role" "$charter_user_key" "$charter_user_secret"
harness_run moto "127.0.0.1:$moto_port" "$moto_role" "$moto_user_key" "$moto_user_secret"
echo "# load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

stop "$charter_pid" Charter
charter_pid=""
stop "$moto_pid" moto
moto_pid=""
stop "$floor_pid" floor
floor_pid=""

# --- The table ----------------------------------------------------------------------------------
echo
echo "Charter / moto and Charter / floor (same machine, same run; rps: above 1 is Charter faster; latency: below 1 is Charter faster)"
awk '
  function field(line, name,   re) {
    re = " " name "=[^ ]*"
    if (match(line, re)) return substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 2)
    return ""
  }
  function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.3g", a / b) }
  function errors(server, key) { return v[server, key, "non2xx"] + v[server, key, "sock_errors"] }
  /^[A-Za-z]+ c=[0-9]+ t=[0-9]+/ {
    server = (FILENAME ~ /charter\.txt$/) ? "charter" : (FILENAME ~ /floor\.txt$/) ? "floor" : "moto"
    key = $1 " " substr($2, 3)
    if (!(key in seen)) { seen[key] = 1; order[n++] = key }
    ok[server, key] = ($0 ~ / RESULT /)
    split("rps p50_ms p90_ms p99_ms non2xx sock_errors", names, " ")
    for (i in names) v[server, key, names[i]] = field($0, names[i])
  }
  END {
    printf "%-18s %5s | %10s %10s %7s %10s %7s | %9s %9s %7s %9s %7s | %9s %9s %7s | %9s %9s %7s | %s\n", \
      "action", "conns", "rps C", "rps moto", "C/moto", "rps floor", "C/floor", "p50 C ms", "p50 moto", "C/moto", \
      "p50 floor", "C/floor", "p90 C ms", "p90 moto", "C/moto", "p99 C ms", "p99 moto", "C/moto", \
      "errors C/moto/floor (non-2xx+socket)"
    for (k = 0; k < n; k++) {
      key = order[k]; split(key, kp, " ")
      missing = (ok["charter", key] ? "" : " Charter") (ok["moto", key] ? "" : " moto") (ok["floor", key] ? "" : " floor")
      if (missing != "") { printf "%-18s %5s | no result from%s\n", kp[1], kp[2], missing; continue }
      printf "%-18s %5s | %10.1f %10.1f %7s %10.1f %7s | %9.3f %9.3f %7s %9.3f %7s | %9.3f %9.3f %7s | %9.3f %9.3f %7s | %d/%d/%d\n", \
        kp[1], kp[2], \
        v["charter", key, "rps"], v["moto", key, "rps"], ratio(v["charter", key, "rps"], v["moto", key, "rps"]), \
        v["floor", key, "rps"], ratio(v["charter", key, "rps"], v["floor", key, "rps"]), \
        v["charter", key, "p50_ms"], v["moto", key, "p50_ms"], ratio(v["charter", key, "p50_ms"], v["moto", key, "p50_ms"]), \
        v["floor", key, "p50_ms"], ratio(v["charter", key, "p50_ms"], v["floor", key, "p50_ms"]), \
        v["charter", key, "p90_ms"], v["moto", key, "p90_ms"], ratio(v["charter", key, "p90_ms"], v["moto", key, "p90_ms"]), \
        v["charter", key, "p99_ms"], v["moto", key, "p99_ms"], ratio(v["charter", key, "p99_ms"], v["moto", key, "p99_ms"]), \
        errors("charter", key), errors("moto", key), errors("floor", key)
    }
  }' "$work/charter.txt" "$work/moto.txt" "$work/floor.txt"

errors_in() { # FILE: non-2xx answers plus socket errors over all its runs
  awk '/ RESULT / { for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx|sock_errors)=/) { split($i, kv, "="); s += kv[2] } }
       END { print s + 0 }' "$1"
}
charter_errors=$(errors_in "$work/charter.txt")
moto_errors=$(errors_in "$work/moto.txt")
floor_errors=$(errors_in "$work/floor.txt")
missing=$(cat "$work/charter.txt" "$work/moto.txt" "$work/floor.txt" | grep -E '^[A-Za-z]+ c=[0-9]+ t=[0-9]+' | grep -vc ' RESULT ' || true)
[ "$missing" = 0 ] || echo "run-vs-moto: WARNING: $missing run(s) printed no RESULT line (see the harness output above)" >&2
[ "$moto_errors" = 0 ] || echo "run-vs-moto: WARNING: moto answered $moto_errors request(s) with an error or a socket error" >&2
[ "$floor_errors" = 0 ] || echo "run-vs-moto: WARNING: the floor answered $floor_errors request(s) with an error or a socket error" >&2
if [ "$charter_errors" != 0 ]; then
  echo "run-vs-moto: ERROR: Charter answered $charter_errors request(s) with an error or a socket error; the run is not comparable" >&2
  exit 2
fi
