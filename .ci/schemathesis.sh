#!/usr/bin/env bash
# API conformance check: runs Schemathesis against a live `shopdesk serve`
# (SQLite, fresh data directory) using the server's own OpenAPI document.
#
#   usage: .ci/schemathesis.sh PATH/TO/shopdesk
#
# Environment (all optional):
#   SCHEMATHESIS_MAX_EXAMPLES  test cases per operation (default 30)
#   SCHEMATHESIS_SEED          fixed seed, to replay a failing run
#   SCHEMATHESIS_TIMEOUT       hard limit for the whole run in seconds (default 1500)
#   CI_ARTIFACTS_DIR           where the server log and JUnit report go
#                              (default .ci-artifacts/schemathesis in the current directory)
set -euo pipefail

# The CLI flags below were checked against this version (`schemathesis run --help`).
SCHEMATHESIS_PIN="schemathesis==4.32.5"

bin="${1:?usage: $0 PATH/TO/shopdesk}"
if [ ! -x "$bin" ]; then
  echo "schemathesis.sh: $bin is not an executable" >&2
  exit 2
fi

log() { printf '[schemathesis] %s\n' "$*" >&2; }

# Run the CLI through the same python3 pip installs into, so PATH and
# pyenv shims do not matter.
st_main='import sys
from schemathesis.cli import schemathesis
sys.argv[0] = "schemathesis"
sys.exit(schemathesis())'
st() { python3 -c "$st_main" "$@"; }

installed_version() {
  python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true
}

want="${SCHEMATHESIS_PIN#schemathesis==}"
have="$(installed_version)"
if [ "$have" != "$want" ]; then
  log "installing $SCHEMATHESIS_PIN (found: ${have:-none})"
  python3 -m pip install --quiet --disable-pip-version-check "$SCHEMATHESIS_PIN"
fi
log "$(st --version)"

artifacts="${CI_ARTIFACTS_DIR:-$PWD/.ci-artifacts/schemathesis}"
mkdir -p "$artifacts"
server_log="$artifacts/server.log"
: >"$server_log"

data_dir="$(mktemp -d /tmp/shopdesk-schemathesis.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

server_log_tail() {
  echo "----- last 200 lines of the server log ($server_log) -----" >&2
  tail -n 200 "$server_log" >&2 || true
  echo "----- end of server log -----" >&2
}

# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- workspace owner and API token ------------------------------------------
password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
printf '%s' "$password" |
  "$bin" admin create --email ci@example.com --password-stdin --data-dir "$data_dir"
unset password

token_out="$("$bin" tokens create --name ci-schemathesis --data-dir "$data_dir" </dev/null)"
token="$(printf '%s\n' "$token_out" | sed -e 's/[[:space:]]*$//' | grep -v '^$' | tail -n 1)"
if [ -z "$token" ] || [[ "$token" =~ [[:space:]] ]]; then
  log "could not read a token from 'shopdesk tokens create' (got $(printf '%s\n' "$token_out" | wc -l) line(s))"
  exit 1
fi
case "$token" in
  sdt_*) ;;
  *) log "warning: the token does not start with sdt_" ;;
esac

# --- server ------------------------------------------------------------------
port="$(shopdesk_free_port)"
base="http://127.0.0.1:$port"
"$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$data_dir" \
  </dev/null >"$server_log" 2>&1 &
server_pid=$!
log "server pid $server_pid on $base (log: $server_log)"

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "the server exited before it was ready"
    server_log_tail
    exit 1
  fi
  if curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  log "the server did not answer GET /healthz with 200 within 60 s"
  server_log_tail
  exit 1
fi
log "server ready"

# --- schemathesis ------------------------------------------------------------
args=(
  run "$base/api/v1/openapi.yaml"
  --url "$base"
  --header "Authorization: Bearer $token"
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}"
  --workers 1
  --suppress-health-check too_slow,filter_too_much
  --generation-with-security-parameters false
  --request-timeout 30
  --generation-database none
  --report junit
  --report-dir "$artifacts"
  --no-color
)
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then
  args+=(--seed "$SCHEMATHESIS_SEED")
fi

# Run from the artifacts directory: Schemathesis keeps its crash cache in
# ./.schemathesis (replayable with `schemathesis replay`), which must not land
# in the repository.
# Two passes cover the whole document: everything but deleteToken first, then deleteToken alone, last,
# because revoking the run's own token would turn every later call into a 401 and hide the rest.
run_pass() {
  local rc=0
  (
    cd "$artifacts"
    exec timeout --kill-after=30 "${SCHEMATHESIS_TIMEOUT:-1500}" \
      python3 -c "$st_main" "${args[@]}" "$@" </dev/null
  ) || rc=$?
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "the server is no longer running"
    [ "$rc" -ne 0 ] || rc=1
  fi
  if [ "$rc" -ne 0 ]; then
    [ "$rc" -ne 124 ] || log "schemathesis hit the ${SCHEMATHESIS_TIMEOUT:-1500} s limit"
    log "FAILED (exit $rc)"
    server_log_tail
    exit "$rc"
  fi
}
run_pass --exclude-operation-id deleteToken
run_pass --include-operation-id deleteToken
log "passed"
