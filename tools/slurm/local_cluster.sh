#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (slurmctld, slurmd and munge from Debian's slurm-wlm
# and munge packages), for trying `cscsim sweep --slurm` and for the sweep tests: no systemd,
# no cgroups, no accounting. Needs root. It writes /etc/slurm/slurm.conf only when there is
# none, or when the one there is its own (first line below), so a real site's is never touched.
#   tools/slurm/local_cluster.sh start   # start the daemons (if not running); wait for the node
#   tools/slurm/local_cluster.sh stop    # stop the daemons it started (by their pid files)
#   tools/slurm/local_cluster.sh status  # exit 0 when the node is up
set -euo pipefail

MARK="# cscsim local one-node cluster (tools/slurm/local_cluster.sh)"
CONF=/etc/slurm/slurm.conf

node_up() { sinfo -h -n localhost -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; }

write_conf() {
  local cpus mem
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
  install -d /etc/slurm
  cat >"$CONF" <<CONF
$MARK
ClusterName=local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MaxArraySize=10001
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
}

start() {
  if node_up; then return 0; fi
  for prog in slurmctld slurmd munged sinfo; do
    command -v "$prog" >/dev/null || [[ -x /usr/sbin/$prog ]] ||
      { echo "local_cluster: $prog is missing (apt-get install slurm-wlm munge)" >&2; exit 1; }
  done
  [[ $EUID -eq 0 ]] || { echo "local_cluster: start needs root" >&2; exit 1; }
  if [[ ! -f $CONF ]] || head -n 1 "$CONF" | grep -qxF "$MARK"; then
    write_conf
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d /run/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  [[ -f /run/munge/munged.pid ]] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null ||
    runuser -u munge -- /usr/sbin/munged
  [[ -f /run/slurm/slurmctld.pid ]] && kill -0 "$(cat /run/slurm/slurmctld.pid)" 2>/dev/null || /usr/sbin/slurmctld
  [[ -f /run/slurm/slurmd.pid ]] && kill -0 "$(cat /run/slurm/slurmd.pid)" 2>/dev/null || /usr/sbin/slurmd -N localhost
  for _ in $(seq 1 300); do
    node_up && return 0
    sleep 0.2
  done
  echo "local_cluster: the node did not come up in 60 s (see /var/log/slurm/)" >&2
  exit 1
}

stop() {
  local f
  for f in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid /run/munge/munged.pid; do
    [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true
  done
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) node_up ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
