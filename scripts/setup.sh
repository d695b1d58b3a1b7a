#!/usr/bin/env bash
# Install everything ioi-agent needs on a fresh Debian machine (run as root, or with sudo).
#   - the C++ toolchain the judge compiles with (g++ with static libraries);
#   - the Python package with its test and CPU-only ML extras (torch pinned to the CPU build);
#   - with IOI_AGENT_DOCKER=1 (what .ci/run uses): Docker, a running daemon and the sandbox image.
#   - with IOI_AGENT_VM=1 (also what .ci/run uses): QEMU and two Debian kernels, so that the tests can
#     run the sandbox on real cgroup v2 kernels (scripts/kernel-vm.sh says why).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
need_apt=()
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/aarch64-linux-gnu/libc.a ] || need_apt+=(libc6-dev)
if [ "${IOI_AGENT_DOCKER:-0}" = 1 ]; then
    command -v debootstrap >/dev/null 2>&1 || need_apt+=(debootstrap)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "[setup] apt-get install ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "[setup] pip install -e '.[test,ml,ray]'"
python3 -m pip install -q --disable-pip-version-check "torch==2.13.0"
python3 -m pip install -q --disable-pip-version-check -e ".[test,ml,ray]"

if [ "${IOI_AGENT_DOCKER:-0}" = 1 ]; then
    bash sandbox/start-dockerd.sh
    bash sandbox/build-image.sh
fi
if [ "${IOI_AGENT_VM:-0}" = 1 ]; then
    bash scripts/kernel-vm.sh fetch
fi
echo "[setup] done"
