#!/usr/bin/env bash
# The Slurm cluster test (test/cluster/slurm.test.ts) starts a one-node cluster on localhost and
# needs Debian's slurm-wlm (slurmctld, slurmd, sbatch…) and munge. Install them when missing
# (non-interactive; about 20 s). The test starts and stops its own daemons: nothing is enabled here.
set -euo pipefail
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge
