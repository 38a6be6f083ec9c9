#!/usr/bin/env bash
# S3 through Charter against the object store alone, and charter:Authorize, over HTTP, on this machine, in one run.
#
#   bench/run-s3.sh [ROUNDS=3] [DURATION_S=10] [CONNS=16]
#
# Starts the object store alone (S3Proxy 4.0.0 on its filesystem-nio2 backend, the jars of
# s3store/target/lib, on loopback, with a key of its own) and Charter in front of it (./charter serve
# --s3-backend-url, a fresh data directory): Charter authenticates and authorizes each request, then
# forwards it re-signed with the store's key. Seeds a bucket and a 1 KiB object through Charter, and
# a user allowed orders:GetOrder for the Authorize call. Signs one request per case with botocore
# (bench/s3_signed.py; wrk replays it): a 1 KiB GET and a 1 KiB PUT (body signed by its SHA-256),
# once for Charter (root key) and once for the store alone (its own key), and one Authorize call.
# Runs wrk for ROUNDS rounds, the cases interleaved in each round (Charter and the store alone back
# to back, so both meet the same noise), and prints each run's line and the ratios
# Charter/store per round and of the medians.
#
# Environment: CHARTER_PORT (18700), STORE_PORT (18701), WARMUP_S (3), THREADS (2),
# CHARTER_JAVA_OPTS (for Charter and the store alike), KEEP_WORKDIR=1.
# Needs wrk (installed with apt-get when missing and run as root), the AWS CLI, python3 with botocore.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
charter_find_jdk
rounds=${1:-3}
duration=${2:-10}
conns=${3:-16}
charter_port=${CHARTER_PORT:-18700}
store_port=${STORE_PORT:-18701}
warmup=${WARMUP_S:-3}
threads=${THREADS:-2}
export AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_ENDPOINT_URL

die() {
  echo "run-s3: $*" >&2
  exit 1
}
. "$here/common.sh"
require_wrk
command -v aws > /dev/null || die "the AWS CLI is missing"

work=$(mktemp -d)
charter_pid=""
store_pid=""
cleanup() {
  stop "$charter_pid" charter
  stop "$store_pid" "object store"
  if [ "${KEEP_WORKDIR:-0}" = 1 ]; then echo "run-s3: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "run-s3: building the server and the object store (when needed)..." >&2
"$root/mvnw" -q -B -pl server -am package -Dmaven.test.skip=true -DskipErrorProne >&2
lib="$root/s3store/target/lib"
[ -d "$lib" ] || die "$lib is missing after the build"

store_key=BENCHSTOREKEY0000001
store_secret=$(head -c 30 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
mkdir -p "$work/objects"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$store_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$store_key
s3proxy.credential=$store_secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/objects
PROPS
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${CHARTER_JAVA_OPTS:-} -cp "$lib/*" org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" \
  > "$work/store.log" 2>&1 &
store_pid=$!
for _ in $(seq 1 200); do port_in_use "$store_port" && break; sleep 0.1; done
port_in_use "$store_port" || die "the object store did not start (see $work/store.log)"

CHARTER_S3_BACKEND_ACCESS_KEY_ID=$store_key CHARTER_S3_BACKEND_SECRET_ACCESS_KEY=$store_secret \
  "$root/charter" serve --port "$charter_port" --data-dir "$work/data" \
  --s3-backend-url "http://127.0.0.1:$store_port" > "$work/charter.log" 2>&1 &
charter_pid=$!
for _ in $(seq 1 600); do grep -q '^Health:' "$work/charter.log" 2> /dev/null && break; sleep 0.1; done
grep -q '^Health:' "$work/charter.log" || die "Charter did not start (see $work/charter.log)"
charter="http://127.0.0.1:$charter_port"
store="http://127.0.0.1:$store_port"

root_key=$(awk -F' = ' '/aws_access_key_id/ {print $2}' "$work/data/credentials")
root_secret=$(awk -F' = ' '/aws_secret_access_key/ {print $2}' "$work/data/credentials")
as_root=(env AWS_ACCESS_KEY_ID="$root_key" AWS_SECRET_ACCESS_KEY="$root_secret" aws --endpoint-url "$charter")
"${as_root[@]}" s3 mb s3://bench > /dev/null
head -c 1024 /dev/zero | tr '\0' a > "$work/object"
"${as_root[@]}" s3 cp "$work/object" s3://bench/get-me > /dev/null
"${as_root[@]}" iam create-user --user-name orders-client > /dev/null
"${as_root[@]}" iam put-user-policy --user-name orders-client --policy-name orders --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:GetOrder","Resource":"*"}]}'
read -r caller_key caller_secret < <("${as_root[@]}" iam create-access-key --user-name orders-client \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)

sign() { # NAME KEY SECRET ARGS...
  local name=$1 key=$2 secret=$3
  shift 3
  AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret CALLER_ACCESS_KEY_ID=$caller_key \
    CALLER_SECRET_ACCESS_KEY=$caller_secret python3 "$here/s3_signed.py" "$@" "$work/$name.lua"
}
sign charter-get "$root_key" "$root_secret" s3 "$charter" GET /bench/get-me 0
sign charter-put "$root_key" "$root_secret" s3 "$charter" PUT /bench/put-me 1024
sign store-get "$store_key" "$store_secret" s3 "$store" GET /bench/get-me 0
sign store-put "$store_key" "$store_secret" s3 "$store" PUT /bench/put-me 1024
sign authorize "$root_key" "$root_secret" authorize "$charter"

run() { # NAME URL CONNS DURATION: prints requests per second; fails on any non-2xx answer
  local name=$1 url=$2 c=$3 d=$4 out
  out=$(wrk -t "$threads" -c "$c" -d "${d}s" --latency -s "$work/$name.lua" "$url" 2>&1)
  echo "$out" > "$work/$name.wrk"
  if echo "$out" | grep -q 'Non-2xx'; then
    echo "run-s3: $name answered errors:" >&2
    echo "$out" >&2
    exit 2
  fi
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

for case in charter-get store-get charter-put store-put authorize; do
  url=$charter
  case $case in store-*) url=$store ;; esac
  run "$case" "$url" "$conns" "$warmup" > /dev/null
done

declare -A results
for r in $(seq 1 "$rounds"); do
  for case in charter-get store-get charter-put store-put authorize; do
    url=$charter
    case $case in store-*) url=$store ;; esac
    rps=$(run "$case" "$url" "$conns" "$duration")
    results[$case]="${results[$case]:-} $rps"
    echo "round $r $case c=$conns rps=$rps"
  done
done

python3 - "$rounds" "${results[charter-get]}" "${results[store-get]}" "${results[charter-put]}" \
  "${results[store-put]}" "${results[authorize]}" <<'PY'
import statistics, sys
rounds = int(sys.argv[1])
cg, sg, cp, sp, az = ([float(x) for x in a.split()] for a in sys.argv[2:7])
print("GET 1 KiB: Charter/store per round " + " ".join("%.2f" % (c / s) for c, s in zip(cg, sg))
      + "; medians %.0f / %.0f rps = %.2f" % (statistics.median(cg), statistics.median(sg),
                                             statistics.median(cg) / statistics.median(sg)))
print("PUT 1 KiB: Charter/store per round " + " ".join("%.2f" % (c / s) for c, s in zip(cp, sp))
      + "; medians %.0f / %.0f rps = %.2f" % (statistics.median(cp), statistics.median(sp),
                                             statistics.median(cp) / statistics.median(sp)))
print("Authorize: median %.0f calls/s (rounds %s)" % (statistics.median(az), " ".join("%.0f" % x for x in az)))
PY
