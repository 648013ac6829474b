#!/bin/sh
# Local multi-JVM qmkdc cluster on 127.0.0.1: starts, lists and stops N nodes (one JVM each).
#
#   deploy/local/cluster.sh start N [--roles-plan PLAN]   start nodes 0..N-1
#   deploy/local/cluster.sh status                        pid alive?, roles, ports, log of each node
#   deploy/local/cluster.sh stop                          TERM, then KILL after a timeout; only our pids
#
# Node i: Artery port 25520+i, HTTPS port 8558+i, metrics port 9095+i, all seeded by node 0 (127.0.0.1:25520).
# Artery runs mutual TLS and the control API HTTPS with certificates from <run dir>/pki (made at the first start:
# ca.crt, node-i.crt/.key, driver.crt/.key for load --connect, operator.crt/.key for attack/run --connect and curl,
# operator.p12 + operator.p12.pass for a browser on the console, when openssl is there).
# PLAN lists role sets separated by '/'; node i takes entry i, the last entry repeats for the remaining nodes.
# Default: kdc,channel,group/member,group (node 0 = kdc,channel,group; the others member,group).
#
# Environment:
#   QMKDC_NODE_CMD        command to start one node (default: "<repo>/deploy/qmkdc node"); it gets
#                         --roles R --port P --seed-nodes 127.0.0.1:25520 --http-port H --metrics-port M
#   QMKDC_RUN_DIR         folder for node-i.log, node-i.pid, node-i.info, pki/ (default: <repo>/run/cluster)
#   QMKDC_PKI             use this PKI folder instead (it needs node-0..node-N-1 certificates for 127.0.0.1);
#                         the nodes get QMKDC_PKI and QMKDC_NODE_CERT=node-i in their environment
#   QMKDC_BASE_PORT, QMKDC_BASE_HTTP_PORT, QMKDC_BASE_METRICS_PORT   first ports (25520, 8558, 9095)
#   QMKDC_STOP_TIMEOUT    seconds between TERM and KILL (default 20)
#   QMKDC_START_CHECK     seconds to wait after starting before checking the nodes still run (default 2)
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
run_dir=${QMKDC_RUN_DIR:-"$root/run/cluster"}
node_cmd=${QMKDC_NODE_CMD:-"$root/deploy/qmkdc node"}
base_port=${QMKDC_BASE_PORT:-25520}
base_http=${QMKDC_BASE_HTTP_PORT:-8558}
base_metrics=${QMKDC_BASE_METRICS_PORT:-9095}
stop_timeout=${QMKDC_STOP_TIMEOUT:-20}
start_check=${QMKDC_START_CHECK:-2}
default_plan="kdc,channel,group/member,group"
max_nodes=64

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "cluster.sh: $*" >&2
  exit 2
}

is_count() {
  case $1 in ''|*[!0-9]*) return 1 ;; esac
  return 0
}

# Start time of a process as ps reports it: with the pid, it tells our node from a later process reusing the pid.
started_at() {
  ps -o lstart= -p "$1" 2>/dev/null | tr -s ' ' || true
}

# Prints the pid recorded for node file prefix $1 if that very process is still running; nothing otherwise.
live_pid() {
  [ -f "$1.pid" ] || return 0
  pid=$(cat "$1.pid" 2>/dev/null || true)
  is_count "$pid" || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # An exited child not yet reaped (a zombie) still answers kill -0.
  case $(ps -o stat= -p "$pid" 2>/dev/null || true) in Z*|'') return 0 ;; esac
  recorded=$(sed -n 's/^started=//p' "$1.info" 2>/dev/null || true)
  [ -n "$recorded" ] && [ "$recorded" = "$(started_at "$pid")" ] || return 0
  echo "$pid"
}

info_value() {
  sed -n "s/^$2=//p" "$1.info" 2>/dev/null || true
}

node_files() {
  for f in "$run_dir"/node-*.pid; do
    [ -e "$f" ] && echo "${f%.pid}"
  done
  return 0
}

roles_for() {
  # $1 = plan, $2 = node index: entry i of the plan, or its last entry.
  echo "$1" | awk -F/ -v i="$2" '{ print (i + 1 <= NF) ? $(i + 1) : $NF }'
}

cmd_start() {
  [ $# -ge 1 ] || die "start needs the number of nodes, e.g. 'start 3'"
  n=$1
  shift
  is_count "$n" && [ "$n" -ge 1 ] && [ "$n" -le "$max_nodes" ] || die "N must be a whole number in 1..$max_nodes, got '$n'"
  plan=$default_plan
  while [ $# -gt 0 ]; do
    case $1 in
      --roles-plan)
        [ $# -ge 2 ] || die "--roles-plan needs a value, e.g. kdc,channel,group/member,group"
        plan=$2
        shift 2 ;;
      --roles-plan=*)
        plan=${1#--roles-plan=}
        shift ;;
      *) die "unknown option '$1' for start (known: --roles-plan PLAN)" ;;
    esac
  done
  bad_plan="--roles-plan must be role lists like kdc,channel,group/member,group (roles: kdc, channel, group, member), got '$plan'"
  case $plan in
    ''|/*|*/|*//*|,*|*,|*,,*|*/,*|*,/*) die "$bad_plan" ;;
  esac
  for role in $(echo "$plan" | tr ',/' '  '); do
    case $role in kdc|channel|group|member) ;; *) die "$bad_plan" ;; esac
  done

  mkdir -p "$run_dir"
  for f in $(node_files); do
    if [ -n "$(live_pid "$f")" ]; then
      echo "cluster.sh: nodes from an earlier start still run in $run_dir; run 'stop' first" >&2
      exit 1
    fi
    rm -f "$f.pid" "$f.info"
  done

  if [ -z "${QMKDC_NODE_CMD:-}" ]; then
    # Build the jar once here if sources changed: N launchers building it at the same time clash.
    "$root/deploy/qmkdc" --version >/dev/null || die "cannot build the qmkdc jar (see the error above)"
  fi
  # The certificates: QMKDC_PKI's, or a PKI of this run folder made now (missing node certificates added).
  # With a stub QMKDC_NODE_CMD nothing is made unless QMKDC_PKI is set by the caller.
  pki=${QMKDC_PKI:-}
  if [ -z "$pki" ] && [ -z "${QMKDC_NODE_CMD:-}" ]; then
    pki="$run_dir/pki"
    [ -f "$pki/ca.crt" ] || {
      "$root/deploy/qmkdc" pki init "$pki" >/dev/null &&
        "$root/deploy/qmkdc" pki client operator --pki "$pki" >/dev/null &&
        "$root/deploy/qmkdc" pki node driver --host 127.0.0.1 --host localhost --pki "$pki" >/dev/null
    } || die "cannot make the PKI in $pki (see the error above)"
    missing=""
    i=0
    while [ "$i" -lt "$n" ]; do
      [ -f "$pki/node-$i.crt" ] || missing="$missing node-$i"
      i=$((i + 1))
    done
    if [ -n "$missing" ]; then
      # shellcheck disable=SC2086
      "$root/deploy/qmkdc" pki node $missing --host 127.0.0.1 --host localhost --pki "$pki" >/dev/null \
        || die "cannot issue the node certificates in $pki (see the error above)"
    fi
    # For a browser (the console): the operator certificate, its key and the CA as PKCS#12, a random password beside it.
    if [ ! -f "$pki/operator.p12" ] && [ -f "$pki/operator.key" ] && command -v openssl >/dev/null 2>&1; then
      (umask 077 && openssl rand -hex 12 >"$pki/operator.p12.pass" &&
        openssl pkcs12 -export -name "qmkdc operator" -in "$pki/operator.crt" -inkey "$pki/operator.key" \
          -certfile "$pki/ca.crt" -passout "file:$pki/operator.p12.pass" -out "$pki/operator.p12") \
        || die "cannot write $pki/operator.p12 (see the error above)"
    fi
  fi

  seed="127.0.0.1:$base_port"
  i=0
  while [ "$i" -lt "$n" ]; do
    roles=$(roles_for "$plan" "$i")
    port=$((base_port + i))
    http=$((base_http + i))
    metrics=$((base_metrics + i))
    log="$run_dir/node-$i.log"
    # Word-split the command on purpose (it may carry arguments); no globbing.
    set -f
    if [ -n "$pki" ]; then
      export QMKDC_PKI="$pki" QMKDC_NODE_CERT="node-$i"
    fi
    # shellcheck disable=SC2086
    nohup $node_cmd --roles "$roles" --port "$port" --seed-nodes "$seed" \
      --http-port "$http" --metrics-port "$metrics" >"$log" 2>&1 </dev/null &
    pid=$!
    set +f
    {
      echo "roles=$roles"
      echo "port=$port"
      echo "http=$http"
      echo "metrics=$metrics"
      echo "log=$log"
      echo "started=$(started_at "$pid")"
    } >"$run_dir/node-$i.info"
    echo "$pid" >"$run_dir/node-$i.pid"
    echo "node-$i pid $pid roles $roles artery 127.0.0.1:$port http $http metrics $metrics log $log"
    i=$((i + 1))
  done
  if [ -z "$pki" ]; then
    echo "console: http://127.0.0.1:$base_http/ (on every node's http port)"
  elif [ -f "$pki/operator.p12" ]; then
    echo "console: https://127.0.0.1:$base_http/ (on every node's http port; mutual TLS: import $pki/operator.p12 into the browser, password in $pki/operator.p12.pass, and trust $pki/ca.crt)"
  else
    echo "console: https://127.0.0.1:$base_http/ (on every node's http port; mutual TLS: the browser needs $pki/operator.crt/.key, e.g. as PKCS#12 by openssl pkcs12 -export, and to trust $pki/ca.crt)"
  fi
  [ -z "$pki" ] || echo "certificates in $pki (control API: https://127.0.0.1:$base_http with --pki $pki; curl --cacert $pki/ca.crt --cert $pki/operator.crt --key $pki/operator.key)"

  if [ "$start_check" -gt 0 ]; then
    sleep "$start_check"
    failed=0
    for f in $(node_files); do
      if [ -z "$(live_pid "$f")" ]; then
        echo "cluster.sh: $(basename "$f") exited at start; see $f.log" >&2
        failed=1
      fi
    done
    [ "$failed" -eq 0 ] || exit 1
  fi
}

cmd_status() {
  [ $# -eq 0 ] || die "status takes no arguments"
  total=0
  alive=0
  for f in $(node_files); do
    total=$((total + 1))
    pid=$(cat "$f.pid" 2>/dev/null || echo "?")
    if [ -n "$(live_pid "$f")" ]; then
      state=alive
      alive=$((alive + 1))
    else
      state=dead
    fi
    echo "$(basename "$f") pid $pid $state roles $(info_value "$f" roles) artery 127.0.0.1:$(info_value "$f" port)" \
      "http $(info_value "$f" http) metrics $(info_value "$f" metrics) log $(info_value "$f" log)"
  done
  echo "$alive of $total nodes alive ($run_dir)"
  [ "$total" -gt 0 ] && [ "$alive" -eq "$total" ]
}

cmd_stop() {
  [ $# -eq 0 ] || die "stop takes no arguments"
  pids=""
  for f in $(node_files); do
    pid=$(live_pid "$f")
    if [ -n "$pid" ]; then
      kill -TERM "$pid" 2>/dev/null || true
      pids="$pids $pid"
      echo "$(basename "$f"): TERM sent to $pid"
    fi
  done
  waited=0
  while [ -n "$pids" ] && [ "$waited" -lt "$stop_timeout" ]; do
    remaining=""
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then
        case $(ps -o stat= -p "$pid" 2>/dev/null || true) in Z*|'') ;; *) remaining="$remaining $pid" ;; esac
      fi
    done
    pids=$remaining
    [ -n "$pids" ] || break
    sleep 1
    waited=$((waited + 1))
  done
  for f in $(node_files); do
    pid=$(live_pid "$f")
    if [ -n "$pid" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "$(basename "$f"): still running after ${stop_timeout}s, KILL sent to $pid"
    fi
    rm -f "$f.pid" "$f.info"
  done
  echo "stopped ($run_dir)"
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  start) cmd_start "$@" ;;
  status) cmd_status "$@" ;;
  stop) cmd_stop "$@" ;;
  -h|--help|help) usage ;;
  *) echo "cluster.sh: unknown command '$command'" >&2; usage ;;
esac
