#!/bin/sh
# Build the tutorials' container images from Debian's packages, for machines with no image registry.
#
# debootstrap writes a minimal root filesystem into a cache folder and the engine imports it
# under the names the tutorials use (debian:bookworm, debian:trixie), so `image: debian:bookworm` resolves
# locally. An image that already exists is left alone; a root filesystem already in the cache
# is imported again without downloading. Needs root (debootstrap) and debian-archive-keyring.
#
#   ENGINE=podman|docker   the engine to import into (default: podman)
#   SUITES="bookworm ..."  the Debian suites to build (default: bookworm trixie; trixie for the
#                          tests of a tutorial checked in several images, ~30 s more)
#   MIRROR=URL             the Debian mirror (default: http://deb.debian.org/debian)
#   CACHE=DIR              where root filesystems are kept (default: ~/.cache/researchsite/images)
set -eu

ENGINE=${ENGINE:-podman}
SUITES=${SUITES:-bookworm trixie}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/researchsite/images}

command -v "$ENGINE" >/dev/null || { echo "tutorial-images: '$ENGINE' is not installed" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "tutorial-images: debootstrap is not installed" >&2; exit 1; }

for suite in $SUITES; do
    image="debian:$suite"
    if "$ENGINE" image inspect "$image" >/dev/null 2>&1; then
        echo "tutorial-images: $image already exists in $ENGINE"
        continue
    fi
    tarball="$CACHE/debian-$suite-minbase.tar"
    if [ ! -s "$tarball" ]; then
        mkdir -p "$CACHE"
        rootfs="$CACHE/debian-$suite.rootfs"
        rm -rf "$rootfs"  # a half-written root filesystem from an interrupted run
        echo "tutorial-images: debootstrap $suite (minbase) from $MIRROR"
        debootstrap --variant=minbase "$suite" "$rootfs" "$MIRROR"
        # The same apt sources as Docker Hub's debian image, so a tutorial installs the
        # versions its readers get (security fixes included).
        cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR $suite main
deb $MIRROR $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
        tar --numeric-owner -C "$rootfs" -cf "$tarball.part" .
        mv "$tarball.part" "$tarball"
        rm -rf "$rootfs"
    fi
    echo "tutorial-images: importing $tarball as $image"
    "$ENGINE" import --change 'CMD ["bash"]' "$tarball" "$image" >/dev/null
done
