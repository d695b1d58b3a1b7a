#!/bin/sh
# Trim a Debian root file system down to what the judge needs.
#
# Usage: slim-rootfs.sh ROOT   (ROOT is "/" inside the Dockerfile, the
# debootstrap directory in build-image.sh). Drops documentation (keeping the
# copyright files), man pages, translations, GCC's lto-dump (31 MB, a debugging
# tool no compilation runs), apt caches and logs, and installs
# a dpkg filter so later installs do not bring them back. Run it in the same
# layer that installs packages: deleting in a later layer would not shrink the
# image.
set -eu
root=${1:?usage: slim-rootfs.sh ROOT}
root=${root%/}

mkdir -p "$root/etc/dpkg/dpkg.cfg.d"
cat > "$root/etc/dpkg/dpkg.cfg.d/ioi-agent-slim" <<'CFG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/bin/*lto-dump*
CFG

if [ -d "$root/usr/share/doc" ]; then
    find "$root/usr/share/doc" -depth -mindepth 1 ! -type d ! -name copyright -delete
    find "$root/usr/share/doc" -depth -mindepth 1 -type d -empty -delete
fi
rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/usr/share/locale/"* \
       "$root/usr/share/lintian/"* "$root/usr/bin/"*lto-dump*
rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"* "$root/var/cache/debconf/"*-old \
       "$root/var/log/"* "$root/tmp/"* "$root/var/tmp/"*
