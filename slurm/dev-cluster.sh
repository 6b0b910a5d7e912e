#!/usr/bin/env bash
# A real one-node Slurm cluster (Debian's slurm-wlm 22.05 + munge + slurmrestd with JWT) for
# development and for the `tests/slurm` tier. Run as root; every command is idempotent.
#
#   slurm/dev-cluster.sh start    install what is missing, configure, start, wait until idle
#   slurm/dev-cluster.sh status   what runs, the node's state and the files to use
#   slurm/dev-cluster.sh stop     stop slurmrestd, slurmd, slurmctld (and munged if we started it)
#
# Everything it creates lives under $AIFC_SLURM_DIR (default /var/tmp/aifc-slurm), except
# /etc/slurm/slurm.conf (where the Slurm commands look) and the munge key. It also writes
# $AIFC_SLURM_DIR/aifc-slurm.conf, a Slurm config file for `bun run serve --slurm-config`.
set -euo pipefail

STATE_DIR="${AIFC_SLURM_DIR:-/var/tmp/aifc-slurm}"
REST_HOST=127.0.0.1
REST_PORT="${AIFC_SLURMRESTD_PORT:-6820}"
REST_API_VER=v0.0.38
SLURM_CONF=/etc/slurm/slurm.conf
MARKER="# Written by aifc slurm/dev-cluster.sh; it rewrites this file on start."
JWT_KEY="$STATE_DIR/jwt_hs256.key"
SERVICE_CONF="$STATE_DIR/aifc-slurm.conf"
MUNGE_PID=/run/munge/munged.pid
HOST="$(hostname)"

say() { printf 'dev-cluster: %s\n' "$*"; }
die() {
  printf 'dev-cluster: %s\n' "$*" >&2
  exit 1
}

# The pid in a pid file when that process still runs and is the named program, else nothing.
running_pid() {
  local file="$1" name="$2" pid
  pid="$(cat "$file" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]] || return 1
  # A zombie (stopped, not yet reaped) no longer runs.
  [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]] || return 1
  printf '%s' "$pid"
}

# Stops the process named in a pid file: TERM, up to 10 s, then KILL.
stop_pid_file() {
  local file="$1" name="$2" pid
  if ! pid="$(running_pid "$file" "$name")"; then
    say "$name is not running"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    running_pid "$file" "$name" >/dev/null || break
    sleep 0.1
  done
  if running_pid "$file" "$name" >/dev/null; then kill -KILL "$pid"; fi
  rm -f "$file"
  say "stopped $name (pid $pid)"
}

install_packages() {
  local missing=0
  for command in sbatch slurmctld slurmd munged slurmrestd; do
    command -v "$command" >/dev/null || missing=1
  done
  [[ "$missing" == 0 ]] && return 0
  say "installing slurm-wlm, munge and slurmrestd"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge slurmrestd >/dev/null
}

setup_munge() {
  if [[ ! -s /etc/munge/munge.key ]]; then
    install -d -o munge -g munge -m 700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 /var/log/munge /var/lib/munge
}

start_munge() {
  if running_pid "$MUNGE_PID" munged >/dev/null; then return 0; fi
  runuser -u munge -- munged --force
  touch "$STATE_DIR/munged.ours"
  for _ in $(seq 1 50); do
    munge -n </dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "munged did not start; see /var/log/munge/munged.log"
}

slurm_conf_text() {
  cat <<EOF
$MARKER
ClusterName=local
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$JWT_KEY
StateSaveLocation=$STATE_DIR/state
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/log/slurmctld.log
SlurmdLogFile=$STATE_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE_DIR/jobcomp.txt
MpiDefault=none
ReturnToService=2
NodeName=$HOST CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:8
EOF
}

service_conf_text() {
  cat <<EOF
# Slurm settings for \`bun run serve --slurm-config $SERVICE_CONF\` on the dev cluster.
url=http://$REST_HOST:$REST_PORT
user_name=root
api_ver=$REST_API_VER
jwt_key=$JWT_KEY
output=$STATE_DIR/jobs/slurm-%j.out
EOF
}

# Writes slurm.conf; returns 0 when it changed (the daemons then need a restart).
write_slurm_conf() {
  if [[ -e "$SLURM_CONF" ]] && ! grep -qxF "$MARKER" "$SLURM_CONF"; then
    die "$SLURM_CONF exists and was not written by this script; move it away to use the dev cluster"
  fi
  local wanted
  wanted="$(slurm_conf_text)"
  if [[ -e "$SLURM_CONF" ]] && [[ "$(cat "$SLURM_CONF")" == "$wanted" ]]; then return 1; fi
  install -d -m 755 /etc/slurm
  printf '%s\n' "$wanted" >"$SLURM_CONF"
  return 0
}

setup_files() {
  install -d -m 755 "$STATE_DIR" "$STATE_DIR/state" "$STATE_DIR/spool" "$STATE_DIR/log"
  # Job output of every user lands here (REST jobs may run as another user).
  install -d -m 1777 "$STATE_DIR/jobs"
  if [[ ! -s "$JWT_KEY" ]]; then
    (umask 077 && dd if=/dev/urandom of="$JWT_KEY" bs=32 count=1 status=none)
  fi
  chmod 600 "$JWT_KEY"
  service_conf_text >"$SERVICE_CONF"
  id slurmrest >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin slurmrest
}

start_slurm() {
  if ! running_pid "$STATE_DIR/slurmctld.pid" slurmctld >/dev/null; then
    slurmctld
    say "started slurmctld"
  fi
  if ! running_pid "$STATE_DIR/slurmd.pid" slurmd >/dev/null; then
    slurmd
    say "started slurmd"
  fi
  local state=""
  for _ in $(seq 1 150); do
    state="$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)"
    case "$state" in
    idle | mixed | allocated) return 0 ;;
    down* | drain*) scontrol update nodename="$HOST" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  die "node $HOST is not idle after 30 s (state: ${state:-none}); see $STATE_DIR/log"
}

start_slurmrestd() {
  if running_pid "$STATE_DIR/slurmrestd.pid" slurmrestd >/dev/null; then return 0; fi
  # slurmrestd refuses to run as root; SLURM_JWT=daemon makes it accept users' tokens.
  SLURM_JWT=daemon setsid nohup slurmrestd -u slurmrest -g slurmrest -a rest_auth/jwt \
    -s "openapi/$REST_API_VER" "$REST_HOST:$REST_PORT" \
    >>"$STATE_DIR/log/slurmrestd.log" 2>&1 </dev/null &
  echo "$!" >"$STATE_DIR/slurmrestd.pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://$REST_HOST:$REST_PORT/slurm/$REST_API_VER/ping"; then
      say "started slurmrestd on http://$REST_HOST:$REST_PORT"
      return 0
    fi
    sleep 0.1
  done
  die "slurmrestd did not answer on $REST_HOST:$REST_PORT; see $STATE_DIR/log/slurmrestd.log"
}

stop_cluster() {
  stop_pid_file "$STATE_DIR/slurmrestd.pid" slurmrestd
  stop_pid_file "$STATE_DIR/slurmd.pid" slurmd
  stop_pid_file "$STATE_DIR/slurmctld.pid" slurmctld
  if [[ -e "$STATE_DIR/munged.ours" ]]; then
    stop_pid_file "$MUNGE_PID" munged
    rm -f "$STATE_DIR/munged.ours"
  fi
}

print_status() {
  local name file pid
  for name in munged slurmctld slurmd slurmrestd; do
    file="$STATE_DIR/$name.pid"
    [[ "$name" == munged ]] && file="$MUNGE_PID"
    if pid="$(running_pid "$file" "$name")"; then
      say "$name running (pid $pid)"
    else
      say "$name stopped"
    fi
  done
  if running_pid "$STATE_DIR/slurmctld.pid" slurmctld >/dev/null; then
    say "node $HOST: $(sinfo -h -n "$HOST" -o %T 2>/dev/null || echo unknown)"
  fi
  say "state folder: $STATE_DIR"
  say "jwt key: $JWT_KEY"
  say "slurmrestd: http://$REST_HOST:$REST_PORT (API $REST_API_VER)"
  say "service config: $SERVICE_CONF"
}

[[ "$(id -u)" == 0 ]] || die "run as root: it installs packages and starts Slurm's daemons"

case "${1:-}" in
start)
  started=$SECONDS
  install_packages
  setup_munge
  setup_files
  if write_slurm_conf; then
    say "wrote $SLURM_CONF"
    # A changed slurm.conf (auth, paths) needs fresh daemons, not a reconfigure.
    stop_cluster >/dev/null
  fi
  start_munge
  start_slurm
  start_slurmrestd
  say "cluster ready in $((SECONDS - started)) s"
  print_status
  ;;
stop) stop_cluster ;;
status) print_status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
