#!/usr/bin/env bash
# Fetch the Debian kernels the cgroup v2 tests boot under QEMU, and build a tiny initramfs for each.
#
# Usage: scripts/kernel-vm.sh [fetch]   (idempotent; what scripts/setup.sh runs with IOI_AGENT_VM=1)
#
# Why: the development and CI machines run cgroup v1 only, while current distributions and Docker
# hosts run cgroup v2. tests/test_cgroup_v2_kernel.py boots these kernels with this machine's own
# root file system (shared read-only over 9p, with a tmpfs overlay for writes), mounts cgroup v2
# and runs the sandbox tests there, so boxrun's v2 path is enforced by a real kernel, not a fake tree.
#
# Three kernels, because boxrun takes a different v2 path on each:
#   bullseye            Linux 5.10: no cgroup.kill (boxes are frozen, then killed pid by pid) and no
#                       memory.peak (memory is the program's max RSS)
#   bookworm            Linux 6.1:  memory.peak cannot be reset, so a box's cgroup is made afresh per run
#   bookworm-backports  Linux 6.12: memory.peak is reset per run and a served slot's cgroup is reused
#
# Each lands in $IOI_AGENT_VM_DIR (default ~/.cache/ioi-agent/vm) as <kernel release>/ holding
# vmlinuz, initrd.img and modules/ (the release's module tree, with modules.dep). Packages come
# from the Debian mirror apt is configured with (IOI_DEBIAN_MIRROR overrides it) through a private
# apt state directory: the machine's own apt sources and lists are not touched. Needs root only
# to install qemu-system-x86, busybox-static, kmod, cpio and xz-utils when they are missing.
set -euo pipefail

VM_DIR=${IOI_AGENT_VM_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ioi-agent/vm}
SUITES=(bullseye bookworm bookworm-backports)
# Modules the initramfs loads to reach the shared root (those built into a kernel are skipped).
INITRD_MODULES=(virtio virtio_ring virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay)
export PATH=$PATH:/usr/sbin:/sbin

say() { printf '[kernel-vm] %s\n' "$*" >&2; }

need_tools() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    command -v modinfo >/dev/null || missing+=(kmod)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v xz >/dev/null || missing+=(xz-utils)
    [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx switch_root && file_is_static /bin/busybox \
        || missing+=(busybox-static)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" -ne 0 ]; then say "missing ${missing[*]}; install them as root"; exit 1; fi
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

file_is_static() { ! ldd "$1" >/dev/null 2>&1; }

mirror() {
    if [ -n "${IOI_DEBIAN_MIRROR:-}" ]; then echo "$IOI_DEBIAN_MIRROR"; return; fi
    apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null \
        | awk '$2 == "bookworm" && $3 == "main" { print $1; exit }'
}

# apt_for SUITE: options for an apt whose only source is SUITE, with its state under $VM_DIR/apt.
apt_for() {
    local d=$VM_DIR/apt/$1
    mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $1 main" > "$d/sources.list"
    echo "-o Dir::Etc::SourceList=$d/sources.list -o Dir::Etc::SourceParts=/dev/null" \
         "-o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache -o APT::Sandbox::User=root"
}

# build_initrd KROOT RELEASE OUT: busybox, the 9p/overlay modules and an /init that mounts the
# host's root read-only with a tmpfs over it, mounts the job share and hands over to its init.sh.
build_initrd() {
    local kroot=$1 release=$2 out=$3 work m f i=0
    work=$(mktemp -d); mkdir -p "$work"/{bin,dev,proc,sys,lower,rw,newroot,mods}
    cp /bin/busybox "$work/bin/busybox"
    for a in sh mount umount insmod mkdir switch_root cat echo; do ln -s busybox "$work/bin/$a"; done
    declare -A seen=()
    local order=()
    add() {
        local n=${1//-/_} path deps d
        [ -n "${seen[$n]:-}" ] && return; seen[$n]=1
        path=$(find "$kroot/modules" -name "$n.ko*" -o -name "${n//_/-}.ko*" | head -1)
        [ -z "$path" ] && return  # built in
        deps=$(modinfo -F depends "$path"); for d in ${deps//,/ }; do add "$d"; done
        order+=("$path")
    }
    for m in "${INITRD_MODULES[@]}"; do add "$m"; done
    for f in "${order[@]}"; do
        local dest; dest=$work/mods/$(printf '%02d' $i)-$(basename "${f%%.ko*}").ko; i=$((i + 1))
        case $f in *.xz) xz -dc "$f" > "$dest" ;; *.zst) zstd -dcq "$f" > "$dest" ;; *) cp "$f" "$dest" ;; esac
    done
    cat > "$work/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in /mods/*.ko; do insmod "$m" || echo "initrd: insmod $m failed"; done
fail() { echo "initrd: $*"; echo o > /proc/sysrq-trigger; }
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro,cache=loose hostroot /lower || fail "no 9p root"
mount -t tmpfs -o size=75% rw /rw && mkdir -p /rw/upper /rw/work
mount -t overlay root -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot || fail "no overlay"
mkdir -p /newroot/vmshare
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmshare /newroot/vmshare || fail "no job share"
umount /proc /sys; mount --move /dev /newroot/dev
exec switch_root /newroot /bin/sh /vmshare/init.sh
EOF
    chmod +x "$work/init"
    (cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp" && mv "$out.tmp" "$out"
    rm -rf "$work"
    say "$release: initramfs with ${#order[@]} modules"
}

fetch_suite() {
    local suite=$1 opts pkg deb x release dest
    # shellcheck disable=SC2046
    opts=$(apt_for "$suite")
    # shellcheck disable=SC2086
    apt-get $opts update -qq
    # shellcheck disable=SC2086
    pkg=$(apt-cache $opts depends linux-image-amd64 | awk '/Depends: linux-image-/ { print $2; exit }')
    [ -n "$pkg" ] || { say "no linux-image-amd64 in $suite"; exit 1; }
    release=${pkg#linux-image-}
    dest=$VM_DIR/$release
    if [ -s "$dest/vmlinuz" ] && [ -s "$dest/initrd.img" ] && [ -s "$dest/modules/modules.dep" ]; then
        say "$release ($suite) ready in $dest"; return
    fi
    say "fetching $pkg ($suite)"
    x=$(mktemp -d); (cd "$x" && apt-get $opts download "$pkg" >/dev/null 2>&1) || { say "download of $pkg failed"; exit 1; }
    deb=$(ls "$x"/*.deb); mkdir -p "$x/root"; dpkg-deb -x "$deb" "$x/root"
    rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
    cp "$x/root/boot/vmlinuz-$release" "$dest.tmp/vmlinuz"
    mv "$(ls -d "$x"/root/lib/modules/"$release" "$x"/root/usr/lib/modules/"$release" 2>/dev/null | head -1)" "$dest.tmp/modules"
    mkdir -p "$x/depmod/lib/modules" && ln -s "$dest.tmp/modules" "$x/depmod/lib/modules/$release"
    depmod -b "$x/depmod" "$release"
    build_initrd "$dest.tmp" "$release" "$dest.tmp/initrd.img"
    rm -rf "$x" "$dest"; mv "$dest.tmp" "$dest"
    say "$release ($suite) ready in $dest"
}

case ${1:-fetch} in
    fetch)
        need_tools
        MIRROR=$(mirror); [ -n "$MIRROR" ] || { say "no apt source for bookworm main; set IOI_DEBIAN_MIRROR"; exit 1; }
        mkdir -p "$VM_DIR"
        for s in "${SUITES[@]}"; do fetch_suite "$s"; done
        ;;
    *) say "usage: $0 [fetch]"; exit 2 ;;
esac
