#!/usr/bin/env bash
# Build the judge's sandbox image, without any image registry.
#
# Usage: sandbox/build-image.sh [--online] [--force] [--tag]
#   (no option)  offline build, what CI and the development machines use:
#                debootstrap a minimal Debian 12 with the packages of
#                sandbox/packages.txt from the mirror apt is configured with,
#                `docker import` it as the base, then `docker build`
#                sandbox/Dockerfile with --build-arg BASE=<that base>.
#   --online     the same Dockerfile on debian:bookworm-slim pulled from a
#                registry, for users with network access.
#   --force      rebuild even when the tagged image exists.
#   --tag        print the image reference and exit.
#
# The image is tagged ioi-agent-sandbox:<version>; <version> is the first 16
# hex digits of the SHA-256 of `sha256sum` lines ("<hex>  <path>\n", paths
# relative to the repository root, sorted bytewise) for every file under
# sandbox/ (except __pycache__ and *.pyc) and judge/sandbox/boxrun.c. So a
# change to any of them yields a new tag and a rebuild, and an existing tag is
# reused as is. The Docker backend computes the same tag to find the image.
#
# The debootstrapped root file system is cached as a tarball under
# ${XDG_CACHE_HOME:-~/.cache}/ioi-agent/, keyed by suite, architecture and
# package list, so a rebuild after a source change skips debootstrap.
#
# Environment: IOI_DEBIAN_MIRROR overrides the mirror read from apt's
# configuration; IOI_SANDBOX_IMAGE_REPO overrides the repository name.
set -euo pipefail
shopt -s inherit_errexit

SUITE=bookworm
REPO_NAME=${IOI_SANDBOX_IMAGE_REPO:-ioi-agent-sandbox}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/ioi-agent

online=0 force=0 print_tag=0
for arg in "$@"; do
    case $arg in
        --online) online=1 ;;
        --force) force=1 ;;
        --tag) print_tag=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
    esac
done

START=$(date +%s)
say() { printf '[build-image %3ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

# Files that define the image, relative to the repository root, sorted bytewise.
context_files() {
    (cd "$ROOT" && { find sandbox -type f ! -path '*/__pycache__/*' ! -name '*.pyc'
                     echo judge/sandbox/boxrun.c; } | LC_ALL=C sort)
}

image_version() {
    (cd "$ROOT" && context_files | tr '\n' '\0' | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

if [ ! -f "$ROOT/judge/sandbox/boxrun.c" ]; then
    echo "missing $ROOT/judge/sandbox/boxrun.c" >&2
    exit 1
fi
IMAGE="$REPO_NAME:$(image_version)"
if [ "$print_tag" = 1 ]; then
    echo "$IMAGE"
    exit 0
fi

if ! docker info >/dev/null 2>&1; then
    say "no Docker daemon answers (sandbox/start-dockerd.sh starts one)"
    exit 1
fi
image_exists() { docker image inspect "$IMAGE" >/dev/null 2>&1; }

if [ "$force" = 0 ] && image_exists; then
    say "$IMAGE already exists; nothing to do"
    echo "$IMAGE"
    exit 0
fi

# One build at a time per cache (parallel test runs may all ask for the image);
# whoever waited finds the image built.
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/build.lock"
if ! flock -n 9; then
    say "another build holds $CACHE_DIR/build.lock; waiting"
    flock 9
    if [ "$force" = 0 ] && image_exists; then
        say "$IMAGE was built meanwhile"
        echo "$IMAGE"
        exit 0
    fi
fi

# The mirror apt uses for SUITE's main component (apt-get indextargets reads
# sources.list and the deb822 .sources files alike).
debian_mirror() {
    if [ -n "${IOI_DEBIAN_MIRROR:-}" ]; then
        echo "$IOI_DEBIAN_MIRROR"
        return
    fi
    apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null \
        | awk -v suite="$SUITE" '$2 == suite && $3 == "main" { print $1; exit }'
}

packages() { grep -v '^#' "$ROOT/sandbox/packages.txt" | grep -v '^[[:space:]]*$'; }

# Prints the path of a root file system tarball, building and caching it if needed.
rootfs_tarball() {
    local arch key tarball mirror proxy
    arch=$(dpkg --print-architecture)
    key=$( { echo "$SUITE $arch minbase"; packages; cat "$ROOT/sandbox/slim-rootfs.sh"; } \
           | sha256sum | cut -c1-16)
    tarball="$CACHE_DIR/rootfs-$SUITE-$arch-$key.tar"
    if [ -s "$tarball" ]; then
        say "using cached root file system $tarball"
        echo "$tarball"
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        say "the offline build runs debootstrap, which needs root (or use --online)"
        exit 1
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    fi
    mirror=$(debian_mirror)
    if [ -z "$mirror" ]; then
        say "no apt source for $SUITE main found; set IOI_DEBIAN_MIRROR"
        exit 1
    fi
    # debootstrap fetches with wget, which reads the proxy from the environment only.
    proxy=$(apt-config shell P Acquire::http::Proxy | sed -n "s/^P='\(.*\)'$/\1/p")
    if [ -n "$proxy" ] && [ -z "${http_proxy:-}" ]; then export http_proxy=$proxy; fi

    work=$(mktemp -d "${TMPDIR:-/tmp}/ioi-rootfs.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    say "debootstrap $SUITE ($arch, minbase + $(packages | paste -sd' ')) from $mirror"
    local attempt
    for attempt in 1 2; do  # a second try rides out a dropped download
        rm -rf "$work/root"
        if debootstrap --variant=minbase --arch="$arch" --components=main \
               --include="$(packages | paste -sd,)" "$SUITE" "$work/root" "$mirror" \
               > "$work/debootstrap.log" 2>&1; then
            break
        fi
        tail -n 20 "$work/debootstrap.log" >&2
        if [ "$attempt" = 2 ]; then
            say "debootstrap failed"
            exit 1
        fi
        say "debootstrap failed; retrying"
    done
    sh "$ROOT/sandbox/slim-rootfs.sh" "$work/root"
    say "packing root file system ($(du -sh "$work/root" | cut -f1))"
    tar -C "$work/root" --numeric-owner --xattrs -cf "$tarball.partial" \
        --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' .
    mv "$tarball.partial" "$tarball"
    # Older package lists' tarballs are never read again.
    find "$CACHE_DIR" -maxdepth 1 -name "rootfs-$SUITE-$arch-*.tar*" ! -name "$(basename "$tarball")" -delete
    rm -rf "$work"
    trap - EXIT
    echo "$tarball"
}

base_image() {
    local tarball base
    tarball=$(rootfs_tarball)
    base="ioi-agent-base:$(basename "$tarball" .tar | sed 's/^rootfs-//')"
    if docker image inspect "$base" >/dev/null 2>&1; then
        say "using imported base $base"
    else
        say "docker import $base"
        docker import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["bash"]' \
            "$tarball" "$base" >/dev/null
    fi
    echo "$base"
}

build_args=()
if [ "$online" = 1 ]; then
    say "building $IMAGE on debian:$SUITE-slim (online)"
else
    base=$(base_image)
    build_args+=(--build-arg "BASE=$base")
    say "building $IMAGE on $base"
fi

# The context is exactly the files the image is made of, sent as a tar stream,
# so nothing else in the repository is uploaded to the daemon. The legacy
# builder needs no buildx plugin (Debian's docker.io has none) and resolves
# the imported base locally.
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0}
# Build output goes to stderr: stdout carries only the image reference.
(cd "$ROOT" && context_files | tar -cf - --files-from=- \
    | docker build -f sandbox/Dockerfile -t "$IMAGE" "${build_args[@]}" - >&2) \
    || { say "docker build failed"; exit 1; }
say "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
echo "$IMAGE"
