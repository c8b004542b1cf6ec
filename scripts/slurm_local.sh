#!/usr/bin/env bash
# Starts a one-node Slurm cluster on localhost for the integration test of `mnemos experiment --slurm`:
# installs Debian's slurm-wlm and munge (apt-get, as root) if missing, writes a munge key and a
# slurm.conf (NodeName=localhost, at most 2 CPUs, no accounting, no cgroups), and starts munged,
# slurmctld and slurmd directly (no systemd). A second run on a machine where the cluster already
# answers does nothing and returns at once. Prints one line saying what it did and how long it took.
# Exit status: 0 when the cluster is up, 1 on failure, 2 when it cannot run here (not root, no
# apt-get, or a slurm.conf this script did not write: a real cluster's configuration is never touched).
set -euo pipefail
started=$(date +%s.%N)
log=/var/log/slurm
conf=/etc/slurm/slurm.conf
elapsed() { awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

if [ "$(id -u)" != 0 ]; then echo "slurm_local.sh: needs root (uid $(id -u))" >&2; exit 2; fi

cluster_up() {
    command -v sinfo >/dev/null 2>&1 || return 1
    timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP' || return 1
    local state; state=$(timeout 5 sinfo -h -n localhost -o '%t' 2>/dev/null | tr -d '*')
    [[ "$state" =~ ^(idle|mix|alloc)$ ]]
}

if [ -f "$conf" ] && ! grep -q '^# mnemos one-node cluster' "$conf"; then
    echo "slurm_local.sh: $conf exists and was not written by this script; leaving this machine's Slurm alone" >&2
    exit 2
fi
if [ -f "$conf" ] && cluster_up; then
    echo "slurm_local.sh: cluster already up ($(elapsed) s)"
    exit 0
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then echo "slurm_local.sh: slurm is not installed and apt-get is not available" >&2; exit 2; fi
    export DEBIAN_FRONTEND=noninteractive
    # The packages' scripts try to start their services; without systemd that only prints noise, so
    # a policy-rc.d says "not now" during the install (only if none is there already).
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; own_policy=1; fi
    trap '[ "$own_policy" = 1 ] && rm -f "$policy"' EXIT
    if ! apt-get install -y -q --no-install-recommends slurm-wlm munge >/tmp/slurm_local.apt.log 2>&1; then
        apt-get update -q >>/tmp/slurm_local.apt.log 2>&1
        apt-get install -y -q --no-install-recommends slurm-wlm munge >>/tmp/slurm_local.apt.log 2>&1 \
            || { echo "slurm_local.sh: apt-get install slurm-wlm munge failed (see /tmp/slurm_local.apt.log)" >&2; exit 1; }
    fi
fi

# munge: a key readable by the munge user only, its run and log folders, then the daemon.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
    munge -n | unmunge >/dev/null || { echo "slurm_local.sh: munged does not answer" >&2; exit 1; }
fi

cpus=$(nproc)
[ "$cpus" -gt 2 ] && cpus=2
install -d -m 0755 /etc/slurm "$log" /var/spool/slurmctld /var/spool/slurmd
cat > "$conf.tmp" <<EOF
# mnemos one-node cluster (scripts/slurm_local.sh); regenerated on each start
ClusterName=mnemos-local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$log/slurmctld.log
SlurmdLogFile=$log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerParameters=sched_interval=1
MessageTimeout=10
KillWait=5
InactiveLimit=0
MinJobAge=300
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
mv "$conf.tmp" "$conf"

stop() { # pid file → stop that daemon, wait for it to go
    local pidfile=$1
    [ -f "$pidfile" ] || return 0
    local pid; pid=$(cat "$pidfile")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
}
stop /run/slurmd.pid
stop /run/slurmctld.pid
/usr/sbin/slurmctld -c   # -c: start clean, forgetting the jobs of an older cluster
/usr/sbin/slurmd -N localhost
for _ in $(seq 100); do
    if cluster_up; then
        echo "slurm_local.sh: one-node cluster up ($cpus CPUs) in $(elapsed) s"
        exit 0
    fi
    # A node that registered DOWN (after an unclean stop) is returned to service.
    scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
    sleep 0.2
done
echo "slurm_local.sh: the cluster did not come up within 20 s; see $log/slurmctld.log and $log/slurmd.log" >&2
sinfo >&2 || true
exit 1
