#!/usr/bin/env bash
# Make a Docker daemon answer on this machine, whatever state it is in.
#
# CI machines and the development VMs are bare Debian 12 hosts run as root,
# without systemd managing services: the docker CLI may be present while the
# daemon is neither installed nor running. This script is idempotent:
#   1. if `docker info` already works, it does nothing;
#   2. if dockerd is missing, it installs Debian's docker.io with apt-get;
#   3. it starts dockerd in the background (log: /var/log/ioi-agent-dockerd.log)
#      and waits until `docker info` works, for at most DOCKERD_WAIT seconds
#      (default 60), retrying once without iptables management if the first
#      start dies (some VMs lack the netfilter modules; the judge containers
#      run with --network none, so they need no NAT).
# Exit status 0 means a daemon answers; anything else means it could not.
set -euo pipefail

WAIT=${DOCKERD_WAIT:-60}
LOG=${DOCKERD_LOG:-/var/log/ioi-agent-dockerd.log}

say() { printf '[start-dockerd] %s\n' "$*" >&2; }

daemon_answers() { docker info >/dev/null 2>&1; }

if daemon_answers; then
    say "daemon already answers"
    exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        say "dockerd is missing and installing it needs root"
        exit 1
    fi
    say "installing docker.io with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

if daemon_answers; then
    say "daemon already answers"
    exit 0
fi

# Wait until `docker info` works or the daemon process has died.
# $1: pid of the dockerd we started; $2: deadline (epoch seconds).
wait_for_daemon() {
    while [ "$(date +%s)" -lt "$2" ]; do
        daemon_answers && return 0
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

start_daemon() {
    say "starting dockerd $* (log: $LOG)"
    # setsid: the daemon must outlive this script and its caller's process group.
    setsid dockerd "$@" >>"$LOG" 2>&1 < /dev/null &
    DOCKERD_PID=$!
}

deadline=$(( $(date +%s) + WAIT ))
# A pid file left by a dockerd that is still starting: wait for it instead of
# starting a second daemon on the same data root.
if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    say "a dockerd (pid $(cat /var/run/docker.pid)) is already starting; waiting for it"
    if wait_for_daemon "$(cat /var/run/docker.pid)" "$deadline"; then
        say "daemon answers"
        exit 0
    fi
fi

start_daemon
if wait_for_daemon "$DOCKERD_PID" "$deadline"; then
    say "daemon answers"
    exit 0
fi

if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
    say "dockerd exited; last log lines:"
    tail -n 5 "$LOG" >&2 || true
    rm -f /var/run/docker.pid
    start_daemon --iptables=false --ip6tables=false
    if wait_for_daemon "$DOCKERD_PID" "$deadline"; then
        say "daemon answers (without iptables)"
        exit 0
    fi
fi

say "no daemon answered within ${WAIT}s; last log lines:"
tail -n 20 "$LOG" >&2 || true
exit 1
