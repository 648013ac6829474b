#!/bin/sh
# Several qmkdc "hosts" on one Linux machine: N network namespaces on a private bridge, one node JVM in each.
# Needs root (ip netns) and iproute2; nftables, iptables and python3 are installed from Debian's packages when
# the loss and delay emulation needs them (kernels without sch_netem).
#
#   deploy/local/hosts.sh start N [--roles-plan PLAN]   the network, a PKI, node i on host-i (10.77.0.i); PLAN as
#                                                       in cluster.sh, default: every host kdc,channel,group,member
#   deploy/local/hosts.sh status                        every host: namespace, address, node pid, roles, cut?, netem
#   deploy/local/hosts.sh partition HOST...             cut those hosts (1 2 or host-1 host-2) off from the rest
#   deploy/local/hosts.sh heal                          join every host back
#   deploy/local/hosts.sh netem "delay 20ms 5ms loss 1%" | netem off   on every host's link (egress)
#   deploy/local/hosts.sh stop                          stop the nodes, remove what start made (and only that)
#   deploy/local/hosts.sh net up N | net down           the network alone (load --hosts uses it)
#
# Host i (1..N) is namespace qmkdc-TAG-i with eth0 = SUBNET.i/24, linked by a veth to the bridge TAGa, which
# holds SUBNET.254 in this (the machine's) namespace. A partition moves the cut hosts' veths to a second bridge
# TAGb: they still reach each other, not the rest (nor SUBNET.254); heal moves them back. Each host has its own
# network stack, so every node uses the same ports: Artery 25520, HTTPS control API 8558, metrics 9095, all
# bound to the host's address. Seeds: host-1 and host-2. Artery runs mutual TLS, the API HTTPS, with certificates
# from <dir>/pki whose node certificates name the host's address (host-i.crt, SAN SUBNET.i); operator.crt/.key
# are for curl and --connect, driver.crt/.key (SAN SUBNET.254) for a driver node on the machine's side.
# netem: tc netem where the kernel has it; otherwise "loss P%" is an nftables random drop on egress and
# "delay D [J]" an NFQUEUE (iptables) whose packets deploy/local/nfq-delay.py releases D ± J ms later.
#
# Environment:
#   QMKDC_HOSTS_DIR     state, logs, pki (default <repo>/run/hosts); one set of hosts per folder
#   QMKDC_HOSTS_TAG     2..6 lower-case letters/digits naming namespaces, bridges and veths (default qh)
#   QMKDC_HOSTS_SUBNET  the /24's first three octets (default 10.77.0); must not be routed on this machine
#   QMKDC_NODE_CMD      command starting one node (default "<repo>/deploy/qmkdc node"), run inside the namespace
#   QMKDC_NODE_ARGS     more options for every node (e.g. "--scenario FILE --min-nodes 3")
#   QMKDC_STOP_TIMEOUT  seconds between TERM and KILL (default 20)
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
dir=${QMKDC_HOSTS_DIR:-"$root/run/hosts"}
tag=${QMKDC_HOSTS_TAG:-qh}
subnet=${QMKDC_HOSTS_SUBNET:-10.77.0}
node_cmd=${QMKDC_NODE_CMD:-"$root/deploy/qmkdc node"}
node_args=${QMKDC_NODE_ARGS:-}
stop_timeout=${QMKDC_STOP_TIMEOUT:-20}
default_plan="kdc,channel,group,member"
state="$dir/net.state"
max_hosts=32

usage() {
  sed -n '5,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "hosts.sh: $*" >&2
  exit 2
}

is_count() {
  case $1 in ''|*[!0-9]*) return 1 ;; esac
  return 0
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces)"
  command -v ip >/dev/null 2>&1 || install_pkg iproute2
}

install_pkg() {
  command -v apt-get >/dev/null 2>&1 || die "'$1' is missing and there is no apt-get to install it"
  echo "hosts.sh: installing $1 from Debian's packages ..." >&2
  { apt-get install -y -qq "$1" || { apt-get update -qq && apt-get install -y -qq "$1"; }; } >/dev/null 2>&1 \
    || die "cannot install $1 (apt-get install -y $1)"
}

# The recorded network: tag, subnet, n, partitioned (space-separated host numbers), netem.
get() {
  sed -n "s/^$1=//p" "$state" 2>/dev/null || true
}

put() {
  # Rewrites key $1 = $2 in the state file.
  tmp="$state.tmp"
  { grep -v "^$1=" "$state" 2>/dev/null || true; echo "$1=$2"; } >"$tmp"
  mv "$tmp" "$state"
}

ns_of() { echo "qmkdc-$(get tag)-$1"; }
veth_of() { echo "$(get tag)v$1"; }
addr_of() { echo "$(get subnet).$1"; }

check_names() {
  case $tag in *[!a-z0-9]*|?|???????*) die "QMKDC_HOSTS_TAG must be 2..6 lower-case letters or digits, got '$tag'" ;; esac
  echo "$subnet" | grep -Eq '^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}$' \
    || die "QMKDC_HOSTS_SUBNET must be three octets like 10.77.0, got '$subnet'"
}

net_up() {
  n=$1
  need_root
  check_names
  [ ! -f "$state" ] || die "a network is already recorded in $state; run 'stop' (or 'net down') first"
  ! ip link show "${tag}a" >/dev/null 2>&1 || die "bridge ${tag}a exists already (another run with QMKDC_HOSTS_TAG=$tag?)"
  ! ip netns list | grep -q "^qmkdc-$tag-" || die "namespaces qmkdc-$tag-* exist already (another run with this tag?)"
  ! ip -4 route show | grep -q "^$subnet\.0/24" || die "$subnet.0/24 is routed on this machine already; pick another QMKDC_HOSTS_SUBNET"
  mkdir -p "$dir"
  { echo "tag=$tag"; echo "subnet=$subnet"; echo "n=0"; echo "partitioned="; echo "netem="; } >"$state"
  # Whatever fails from here on: remove what was made so far.
  trap 'echo "hosts.sh: start failed; removing what it made" >&2; net_down >/dev/null 2>&1 || true' EXIT
  for b in a b; do
    ip link add "${tag}$b" type bridge
    ip link set "${tag}$b" up
  done
  ip addr add "$subnet.254/24" dev "${tag}a"
  i=1
  while [ "$i" -le "$n" ]; do
    ns="qmkdc-$tag-$i"
    ip netns add "$ns"
    put n "$i"
    ip link add "${tag}v$i" type veth peer name eth0 netns "$ns"
    ip link set "${tag}v$i" master "${tag}a" up
    ip -n "$ns" addr add "$subnet.$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    i=$((i + 1))
  done
  trap - EXIT
  echo "network: $n hosts qmkdc-$tag-1..$n on $subnet.0/24 (bridge ${tag}a, this machine $subnet.254)"
}

net_down() {
  [ -f "$state" ] || { echo "no network recorded in $dir"; return 0; }
  n=$(get n)
  i=1
  while [ "$i" -le "${n:-0}" ]; do
    netem_clear "$(ns_of "$i")" "$i" # a delay queue's process would keep the namespace alive
    # Removing the namespace removes its end of the veth, and with it the pair.
    ip netns del "$(ns_of "$i")" 2>/dev/null || true
    ip link del "$(veth_of "$i")" 2>/dev/null || true
    i=$((i + 1))
  done
  for b in a b; do
    ip link del "$(get tag)$b" 2>/dev/null || true
  done
  echo "network removed: qmkdc-$(get tag)-1..$n, bridges $(get tag)a $(get tag)b"
  rm -f "$state"
}

host_number() {
  h=${1#host-}
  is_count "$h" && [ "$h" -ge 1 ] && [ "$h" -le "$(get n)" ] || die "no host '$1' (hosts: 1..$(get n) or host-1..host-$(get n))"
  echo "$h"
}

cmd_partition() {
  [ -f "$state" ] || die "no hosts recorded in $dir; run 'start N' first"
  [ $# -ge 1 ] || die "partition needs the hosts to cut off, e.g. 'partition 1' or 'partition host-1 host-2'"
  cut=""
  for h in "$@"; do
    cut="$cut $(host_number "$h")"
  done
  [ "$(echo $cut | wc -w)" -lt "$(get n)" ] || die "partition: cutting every host off leaves no rest"
  need_root
  heal_quiet
  for h in $cut; do
    ip link set "$(veth_of "$h")" master "$(get tag)b"
  done
  put partitioned "$(echo $cut)"
  echo "partitioned: hosts $(echo $cut) cut off from the rest"
}

heal_quiet() {
  i=1
  while [ "$i" -le "$(get n)" ]; do
    ip link set "$(veth_of "$i")" master "$(get tag)a"
    i=$((i + 1))
  done
  put partitioned ""
}

cmd_heal() {
  [ -f "$state" ] || die "no hosts recorded in $dir"
  need_root
  heal_quiet
  echo "healed: every host on bridge $(get tag)a"
}

netem_clear() {
  ns=$1
  i=$2
  ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null || true
  if command -v nft >/dev/null 2>&1; then
    ip netns exec "$ns" nft delete table inet qmkdc_netem 2>/dev/null || true
  fi
  if [ -f "$dir/nfq-$i.pid" ]; then
    ip netns exec "$ns" iptables -D OUTPUT -o eth0 -j NFQUEUE --queue-num 7 2>/dev/null || true
    kill "$(cat "$dir/nfq-$i.pid")" 2>/dev/null || true
    rm -f "$dir/nfq-$i.pid"
  fi
}

# Loss P% as an nftables random drop on egress (for kernels without sch_netem): P with up to two decimals.
loss_rule() {
  ns=$1
  per10k=$(echo "$2" | awk '{ v = $1; sub(/%$/, "", v); if (v !~ /^[0-9]+(\.[0-9]+)?$/ || v > 100) exit 1; printf "%d", v * 100 + 0.5 }') \
    || die "netem: loss '$2' is not a percentage like 1%"
  command -v nft >/dev/null 2>&1 || install_pkg nftables
  ip netns exec "$ns" nft -f - <<EOF
table inet qmkdc_netem {
  chain out { type filter hook output priority 0; oifname "eth0" numgen random mod 10000 < $per10k drop; }
}
EOF
}

# A time like 20ms, 0.5s or 300us in milliseconds; fails on anything else.
millis() {
  echo "$1" | awk '{ v = $1; f = 1; if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /us$/) { sub(/us$/, "", v); f = 0.001 }
    else if (v ~ /s$/) { sub(/s$/, "", v); f = 1000 } else exit 1; if (v !~ /^[0-9]+(\.[0-9]+)?$/) exit 1; printf "%g", v * f }'
}

# Delay D ± J without sch_netem: iptables (Debian's package; this kernel has the NFQUEUE target but no nftables
# queue expression) hands every packet leaving eth0 to NFQUEUE 7, where deploy/local/nfq-delay.py, running in the
# host's namespace, accepts it D ± J ms later (uniform jitter, seeded by the host number).
delay_rule() {
  ns=$1 i=$2 d=$3 j=$4
  command -v iptables >/dev/null 2>&1 || install_pkg iptables
  command -v python3 >/dev/null 2>&1 || install_pkg python3
  ip netns exec "$ns" python3 "$root/deploy/local/nfq-delay.py" 7 "$d" "$j" "$i" >"$dir/nfq-$i.log" 2>&1 &
  echo $! >"$dir/nfq-$i.pid"
  k=0
  until grep -q '^nfq-delay: queue' "$dir/nfq-$i.log" 2>/dev/null; do
    k=$((k + 1))
    [ "$k" -le 50 ] && kill -0 "$(cat "$dir/nfq-$i.pid")" 2>/dev/null || die "netem: the delay queue on host-$i did not start: $(cat "$dir/nfq-$i.log")"
    sleep 0.1
  done
  ip netns exec "$ns" iptables -A OUTPUT -o eth0 -j NFQUEUE --queue-num 7
}

# "delay D [J]" and "loss P%" (in any order, as tc netem takes them) without sch_netem.
emulate_without_netem() {
  ns=$1 i=$2
  shift 2
  delay= jitter=0 loss=
  while [ $# -gt 0 ]; do
    case $1 in
      delay)
        [ $# -ge 2 ] && delay=$(millis "$2") || die "netem: delay '${2:-}' is not a time like 20ms"
        shift 2
        if [ $# -gt 0 ] && j=$(millis "$1"); then jitter=$j; shift; fi ;;
      loss)
        [ $# -ge 2 ] || die "netem: loss needs a percentage like 1%"
        loss=$2
        shift 2 ;;
      *) die "netem: this kernel has no sch_netem (CONFIG_NET_SCH_NETEM); here \"delay D [J]\" (NFQUEUE) and \"loss P%\" (nftables) are emulated, not '$1'" ;;
    esac
  done
  how=
  if [ -n "$loss" ]; then loss_rule "$ns" "$loss"; how="nftables random drop"; fi
  if [ -n "$delay" ]; then delay_rule "$ns" "$i" "$delay" "$jitter"; how="${how:+$how, }NFQUEUE delay"; fi
}

cmd_netem() {
  [ -f "$state" ] || die "no hosts recorded in $dir; run 'start N' first"
  [ $# -eq 1 ] || die "netem takes one quoted argument, e.g. netem \"delay 20ms 5ms loss 1%\" or netem off"
  need_root
  spec=$1
  i=1
  how=""
  while [ "$i" -le "$(get n)" ]; do
    ns=$(ns_of "$i")
    netem_clear "$ns" "$i"
    if [ "$spec" != off ]; then
      # shellcheck disable=SC2086
      if err=$(ip netns exec "$ns" tc qdisc add dev eth0 root netem $spec 2>&1); then
        how="tc netem"
      else
        case $err in
          # shellcheck disable=SC2086
          *"qdisc kind is unknown"*) emulate_without_netem "$ns" "$i" $spec ;;
          *) die "netem: tc refused '$spec': $err" ;;
        esac
      fi
    fi
    i=$((i + 1))
  done
  if [ "$spec" = off ]; then
    put netem ""
    echo "netem off on every host"
  else
    put netem "$spec ($how)"
    echo "netem on every host's link: $spec ($how)"
  fi
}

# Start time of a process as ps reports it: with the pid, it tells our node from a later process reusing the pid.
started_at() {
  ps -o lstart= -p "$1" 2>/dev/null | tr -s ' ' || true
}

live_pid() {
  f="$dir/host-$1"
  [ -f "$f.pid" ] || return 0
  pid=$(cat "$f.pid" 2>/dev/null || true)
  is_count "$pid" || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  case $(ps -o stat= -p "$pid" 2>/dev/null || true) in Z*|'') return 0 ;; esac
  [ "$(sed -n 's/^started=//p' "$f.info" 2>/dev/null)" = "$(started_at "$pid")" ] || return 0
  echo "$pid"
}

roles_for() {
  echo "$1" | awk -F/ -v i="$2" '{ print (i <= NF) ? $i : $NF }'
}

make_pki() {
  pki="$dir/pki"
  [ -f "$pki/ca.crt" ] && [ -f "$pki/pki.subnet" ] && [ "$(cat "$pki/pki.subnet")" = "$subnet" ] || {
    rm -rf "$pki"
    "$root/deploy/qmkdc" pki init "$pki" >/dev/null &&
      "$root/deploy/qmkdc" pki client operator --pki "$pki" >/dev/null &&
      "$root/deploy/qmkdc" pki node driver --host "$subnet.254" --pki "$pki" >/dev/null &&
      echo "$subnet" >"$pki/pki.subnet"
  } || die "cannot make the PKI in $pki (see the error above)"
  i=1
  while [ "$i" -le "$1" ]; do
    [ -f "$pki/host-$i.crt" ] || "$root/deploy/qmkdc" pki node "host-$i" --host "$subnet.$i" --pki "$pki" >/dev/null \
      || die "cannot issue host-$i's certificate in $pki"
    i=$((i + 1))
  done
}

cmd_start() {
  [ $# -ge 1 ] || die "start needs the number of hosts, e.g. 'start 3'"
  n=$1
  shift
  is_count "$n" && [ "$n" -ge 1 ] && [ "$n" -le "$max_hosts" ] || die "N must be a whole number in 1..$max_hosts, got '$n'"
  plan=$default_plan
  while [ $# -gt 0 ]; do
    case $1 in
      --roles-plan) [ $# -ge 2 ] || die "--roles-plan needs a value"; plan=$2; shift 2 ;;
      --roles-plan=*) plan=${1#--roles-plan=}; shift ;;
      *) die "unknown option '$1' for start (known: --roles-plan PLAN)" ;;
    esac
  done
  for role in $(echo "$plan" | tr ',/' '  '); do
    case $role in kdc|channel|group|member) ;; *) die "--roles-plan: unknown role '$role' (roles: kdc, channel, group, member)" ;; esac
  done
  need_root
  check_names
  if [ -z "${QMKDC_NODE_CMD:-}" ]; then
    "$root/deploy/qmkdc" --version >/dev/null || die "cannot build the qmkdc jar (see the error above)"
  fi
  mkdir -p "$dir"
  make_pki "$n"
  net_up "$n"
  trap 'echo "hosts.sh: start failed; stopping what it started" >&2; cmd_stop >/dev/null 2>&1 || true' EXIT
  seeds="$subnet.1:25520"
  [ "$n" -lt 2 ] || seeds="$seeds,$subnet.2:25520"
  i=1
  while [ "$i" -le "$n" ]; do
    roles=$(roles_for "$plan" "$i")
    a="$subnet.$i"
    log="$dir/host-$i.log"
    set -f
    # shellcheck disable=SC2086
    QMKDC_PKI="$dir/pki" QMKDC_NODE_CERT="host-$i" nohup ip netns exec "qmkdc-$tag-$i" $node_cmd --roles "$roles" \
      --hostname "$a" --port 25520 --seed-nodes "$seeds" --http-host "$a" --http-port 8558 \
      --metrics-host "$a" --metrics-port 9095 $node_args >"$log" 2>&1 </dev/null &
    pid=$!
    set +f
    { echo "roles=$roles"; echo "address=$a"; echo "started=$(started_at "$pid")"; } >"$dir/host-$i.info"
    echo "$pid" >"$dir/host-$i.pid"
    echo "host-$i qmkdc-$tag-$i $a pid $pid roles $roles log $log"
    i=$((i + 1))
  done
  sleep 2
  for i in $(seq 1 "$n"); do
    [ -n "$(live_pid "$i")" ] || die "host-$i's node exited at start; see $dir/host-$i.log"
  done
  trap - EXIT
  echo "control API: https://$subnet.1:8558/status (curl --cacert $dir/pki/ca.crt --cert $dir/pki/operator.crt --key $dir/pki/operator.key); metrics http://$subnet.1:9095/metrics"
}

cmd_status() {
  [ -f "$state" ] || { echo "no hosts in $dir"; return 1; }
  n=$(get n)
  alive=0
  for i in $(seq 1 "$n"); do
    ns=$(ns_of "$i")
    pid=$(live_pid "$i")
    [ -z "$pid" ] || alive=$((alive + 1))
    cut=no
    case " $(get partitioned) " in *" $i "*) cut=yes ;; esac
    ip netns list | grep -q "^$ns\b" && nsok=present || nsok=missing
    echo "host-$i $ns ($nsok) $(addr_of "$i") node ${pid:-not running} roles $(sed -n 's/^roles=//p' "$dir/host-$i.info" 2>/dev/null) cut-off $cut"
  done
  echo "netem: $(get netem | sed 's/^$/none/')"
  echo "$alive of $n nodes alive ($dir)"
  [ "$alive" -eq "$n" ]
}

cmd_stop() {
  if [ -f "$state" ]; then
    n=$(get n)
    pids=""
    for i in $(seq 1 "${n:-0}"); do
      pid=$(live_pid "$i")
      [ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null || true; pids="$pids $pid"; echo "host-$i: TERM sent to $pid"; }
    done
    waited=0
    while [ -n "$pids" ] && [ "$waited" -lt "$stop_timeout" ]; do
      remaining=""
      for pid in $pids; do
        kill -0 "$pid" 2>/dev/null && case $(ps -o stat= -p "$pid" 2>/dev/null || true) in Z*|'') ;; *) remaining="$remaining $pid" ;; esac
      done
      pids=$remaining
      [ -n "$pids" ] || break
      sleep 1
      waited=$((waited + 1))
    done
    for i in $(seq 1 "${n:-0}"); do
      pid=$(live_pid "$i")
      [ -z "$pid" ] || { kill -KILL "$pid" 2>/dev/null || true; echo "host-$i: still running after ${stop_timeout}s, KILL sent to $pid"; }
      rm -f "$dir/host-$i.pid" "$dir/host-$i.info"
    done
  fi
  net_down
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  start) cmd_start "$@" ;;
  status) cmd_status "$@" ;;
  stop) [ $# -eq 0 ] || die "stop takes no arguments"; cmd_stop ;;
  partition) cmd_partition "$@" ;;
  heal) [ $# -eq 0 ] || die "heal takes no arguments"; cmd_heal ;;
  netem) cmd_netem "$@" ;;
  net)
    case ${1:-} in
      up) [ $# -eq 2 ] && is_count "$2" && [ "$2" -ge 1 ] && [ "$2" -le "$max_hosts" ] || die "net up needs N in 1..$max_hosts"; net_up "$2" ;;
      down) need_root; net_down ;;
      *) die "net takes 'up N' or 'down'" ;;
    esac ;;
  -h|--help|help) usage ;;
  *) echo "hosts.sh: unknown command '$command'" >&2; usage ;;
esac
