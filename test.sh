#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the real-QEMU tests need (QEMU 7.2,
# gcc for the guest's workload program, apt metadata for fetching the guest kernel, debootstrap
# for the QEMU 10.0 root, which the first QEMU 10 test builds into ~/.cache/migsim), the Slurm
# tests need (slurm-wlm 22.05, munge) and the notebooks need (Debian's python3 Jupyter packages)
# when it is missing, then runs every test project and prints one closing line
# "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v gcc >/dev/null || need+=(gcc)
command -v setpriv >/dev/null || need+=(util-linux)   # capture starts QEMU under setpriv --pdeathsig
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)   # gcc -static needs libc.a
command -v dpkg-deb >/dev/null || need+=(dpkg)
# The Slurm tests start their own single-node cluster (slurmctld, slurmd, munged) from Debian's packages.
[ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && command -v sbatch >/dev/null || need+=(slurm-wlm)
[ -x /usr/sbin/munged ] || need+=(munge)
[ -x /usr/sbin/debootstrap ] || command -v debootstrap >/dev/null || need+=(debootstrap)
# The notebooks run under Debian's Python with Debian's Jupyter packages (not PyPI).
for pkg in python3-nbclient python3-nbformat python3-ipykernel python3-pandas python3-matplotlib; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing ${need[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # Packages with daemons (munge, slurmd, slurmctld) must not start system-wide ones while installing.
  no_start=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && no_start=1
  fi
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
  if [ -n "$no_start" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
# The guest kernel is fetched with `apt-get download`, which needs package lists.
if ! apt-cache show linux-image-cloud-amd64 >/dev/null 2>&1; then
  apt-get update -qq
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test MigrationSim.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# A build or runner error fails the run even when no test reported a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "the test run itself failed (exit $status): see the errors above"; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
