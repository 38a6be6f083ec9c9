#!/usr/bin/env bash
# Fuzzes Charter's parsers for real with Jazzer (docs/FUZZING.md).
#
#   tools/fuzz.sh [target|all] [duration]
#
# target: one of the names below (default: all, one after the other); duration: Jazzer's format,
# e.g. 30s, 10m, 2h (default 10m, for each target). A finding fails the run; its input is saved
# under the module's src/test/resources/.../<Class>Inputs/<method>/crash-<sha1>, where the normal
# build runs it from then on. Maven options go in MAVEN_ARGS (e.g. MAVEN_ARGS=-o for offline).
set -euo pipefail
cd "$(dirname "$0")/.."

# name            module  test class and method
TARGETS="
policy            policy  PolicyDocumentFuzzTest#policyDocument
sigv4-verify      sigv4   SignatureFuzzTest#verifyRequest
sigv4-round-trip  sigv4   SignatureFuzzTest#signedRequestVerifies
query-form        server  WireFuzzTest#queryForm
json-body         server  WireFuzzTest#jsonBody
session-token     server  TokenFuzzTest#sessionToken
claims-layout     server  TokenFuzzTest#claimsLayout
authz-message     server  AuthorizationMessageFuzzTest#encodedMessage
authz-envelope    server  AuthorizationMessageFuzzTest#sealedEnvelope
http-raw          server  EndpointFuzzTest#rawRequest
http-signed       server  EndpointFuzzTest#signedRequest
"

usage() {
    echo "usage: tools/fuzz.sh [target|all] [duration]" >&2
    echo "targets:" >&2
    echo "$TARGETS" | awk 'NF { print "  " $1 }' >&2
    exit 2
}

target="${1:-all}"
duration="${2:-10m}"
[[ "$target" == -h || "$target" == --help ]] && usage
if [[ "$target" != all ]] && ! echo "$TARGETS" | awk -v t="$target" '$1 == t { found = 1 } END { exit !found }'; then
    echo "unknown target: $target" >&2
    usage
fi

failed=()
while read -r name module test; do
    [[ -z "$name" || ( "$target" != all && "$name" != "$target" ) ]] && continue
    echo "== $name ($module, $test) for $duration"
    # One fuzz test per JVM (Jazzer fuzzes only the first it meets); the other modules only compile.
    if ! JAZZER_FUZZ=1 ./mvnw -B -q -pl "$module" -am test -DskipErrorProne \
            -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration="$duration"; then
        failed+=("$name")
        echo "== $name found something: see $module/target/surefire-reports and the crash-* file above" >&2
    fi
done <<< "$TARGETS"

if (( ${#failed[@]} > 0 )); then
    echo "findings in: ${failed[*]}" >&2
    exit 1
fi
echo "no findings"
