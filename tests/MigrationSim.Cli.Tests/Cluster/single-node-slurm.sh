#!/usr/bin/env bash
# A throw-away single-node Slurm cluster (munged + slurmctld + slurmd) for the tests.
#
#   unshare --pid --fork --kill-child --mount-proc bash single-node-slurm.sh STATE_DIR CTLD_PORT SLURMD_PORT
#
# It must be PID 1 of a new PID namespace: when PID 1 exits, the kernel kills every process left in
# the namespace (daemons, slurmstepd, job steps), and --kill-child kills PID 1 when unshare dies.
# It prints "ready" once the node accepts jobs, then waits for end of file on stdin: the test
# holds the other end of that pipe, so closing it, or the test process dying in any way, stops
# the cluster. On the way out the daemons are stopped and STATE_DIR (which it created) is removed.
# Every file lives in STATE_DIR and the ports are the caller's, so two clusters never collide.
set -uo pipefail
export PATH=$PATH:/usr/sbin:/sbin
state=$1 ctld_port=$2 slurmd_port=$3

if [ "$$" != 1 ]; then echo "error: not PID 1 of a PID namespace; start me with unshare --pid --fork --kill-child --mount-proc" >&2; exit 1; fi
if [ -e "$state" ]; then echo "error: $state exists; the cluster makes its own state folder" >&2; exit 1; fi

stop() {
  # Daemons first (by their own pid files, gently), so they do not log into a removed folder.
  for d in slurmd slurmctld munged; do
    [ -f "$state/run/$d.pid" ] && kill -TERM "$(cat "$state/run/$d.pid")" 2>/dev/null
  done
  for _ in $(seq 50); do
    alive=0
    for d in slurmd slurmctld munged; do
      [ -f "$state/run/$d.pid" ] && kill -0 "$(cat "$state/run/$d.pid")" 2>/dev/null && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  rm -rf "$state"
}
trap 'stop; exit 0' EXIT
trap 'exit 0' TERM INT HUP

mkdir -p -m 0700 "$state"
mkdir -p -m 0700 "$state/munge" "$state/ctld" "$state/slurmd" "$state/log" "$state/run"
host=$(hostname -s)

mungekey --create --keyfile="$state/munge/munge.key" || exit 1
chmod 0600 "$state/munge/munge.key"
munged --foreground --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
  --pid-file="$state/run/munged.pid" --log-file="$state/log/munged.log" --seed-file="$state/munge/munged.seed" \
  </dev/null >>"$state/log/munged.out" 2>&1 &

cat >"$state/slurm.conf" <<CONF
ClusterName=migsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=2
# Dependency decisions in slurmctld.log, for a test's failure message (SingleNodeSlurm.ControllerLog).
DebugFlags=Dependency
MinJobAge=600
NodeName=migsim NodeHostname=$host NodeAddr=127.0.0.1 CPUs=4 RealMemory=1000 State=UNKNOWN
PartitionName=sweeps Nodes=migsim Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$state/slurm.conf

for _ in $(seq 100); do [ -S "$state/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$state/munge/munge.socket" ] || { echo "error: munged did not start:"; cat "$state/log/"munged.*; exit 1; } >&2

slurmctld -D -f "$SLURM_CONF" </dev/null >>"$state/log/slurmctld.out" 2>&1 &
slurmd -D -N migsim -f "$SLURM_CONF" </dev/null >>"$state/log/slurmd.out" 2>&1 &

for _ in $(seq 600); do
  st=$(sinfo -h -n migsim -o %T 2>/dev/null)
  [ "$st" = idle ] && break
  sleep 0.1
done
if [ "$st" != idle ]; then
  { echo "error: the node did not become idle in 60 s (state '$st'):"; tail -n 20 "$state/log/"*.log "$state/log/"*.out; } >&2
  exit 1
fi
echo ready
# Wait for end of file on stdin: the test closed it, or died. In the background (with the pipe
# passed explicitly: a background job's stdin would be /dev/null) so that TERM/INT run the trap.
exec 3<&0
cat <&3 >/dev/null &
wait $!
