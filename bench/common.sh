# Shared by bench/run-vs-moto.sh and bench/run-scaling.sh (sourced; the caller defines die).

# wrk drives the shared harness: installed with apt-get when missing and run as root.
require_wrk() {
  if ! command -v wrk > /dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
      echo "wrk is missing; installing it with apt-get" >&2
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } > /dev/null \
        || die "could not install wrk with apt-get (apt-get install -y wrk)"
    fi
    command -v wrk > /dev/null 2>&1 || die "wrk is missing: install it (Debian: apt-get install -y wrk) and run again"
  fi
}

# build_bench_jar ROOT: ROOT/bench/target/benchmarks.jar, built when missing or older than any source it holds.
build_bench_jar() {
  local root=$1 jar="$1/bench/target/benchmarks.jar"
  if [ -f "$jar" ] && [ -z "$(find "$root/pom.xml" "$root"/{policy,sigv4,server,bench}/pom.xml \
      "$root"/{policy,sigv4,server,bench}/src/main -type f -newer "$jar" -print -quit 2> /dev/null)" ]; then
    return 0
  fi
  echo "bench: building $jar (missing, or older than its sources)..." >&2
  "$root/mvnw" -q -B -pl bench -am -DskipTests package >&2
}

stop() { # PID NAME: SIGTERM, up to 15 s to finish, then SIGKILL
  local pid=$1 name=$2 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for i in $(seq 1 150); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2> /dev/null; then
    echo "bench: $name (pid $pid) did not stop within 15 s; killing it" >&2
    kill -KILL "$pid" 2> /dev/null || true
  fi
  wait "$pid" 2> /dev/null || true
}

trust() { # ACCOUNT
  echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$1"':root"},"Action":"sts:AssumeRole"}]}'
}
allow_assume() { # ROLE_ARN
  echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"'"$1"'"}]}'
}

# seed URL ACCOUNT KEY SECRET: creates bench-role and bench-caller; prints "ROLE_ARN KEY SECRET" of the user.
seed() {
  local url=$1 acct=$2 role_arn user_key
  local -a as_admin=(env AWS_ACCESS_KEY_ID="$3" AWS_SECRET_ACCESS_KEY="$4" aws --endpoint-url "$url")
  # Called inside $(...) or beside ||, where set -e does not apply: every step checks itself.
  role_arn=$("${as_admin[@]}" iam create-role --role-name bench-role \
    --assume-role-policy-document "$(trust "$acct")" --query Role.Arn --output text) || return 1
  "${as_admin[@]}" iam create-user --user-name bench-caller > /dev/null || return 1
  "${as_admin[@]}" iam put-user-policy --user-name bench-caller --policy-name assume-bench-role \
    --policy-document "$(allow_assume "$role_arn")" || return 1
  user_key=$("${as_admin[@]}" iam create-access-key --user-name bench-caller \
    --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text) || return 1
  [ -n "$role_arn" ] && [ -n "$user_key" ] || return 1
  echo "$role_arn $user_key"
}

# JVM options that let SQLite's driver load its native library quietly: JDK 24+ only (older JDKs
# refuse the option). Prints nothing for JDK 21-23.
native_access_opts() {
  if [ "$(charter_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2> /dev/null; then echo "--enable-native-access=ALL-UNNAMED"; fi
}

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
