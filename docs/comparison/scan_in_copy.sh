#!/bin/bash
# Run inside a private mount namespace (unshare -m). The lab is never touched: everything happens in a COPY of a
# lab host's root filesystem (/var/tmp/w4-scan/HOST). Usage: scan_in_copy.sh HOST install PKGS... | HOST run CMD...
set -euo pipefail
h=$1; mode=$2; shift 2
root=/var/tmp/w4-scan/$h
mount --make-rprivate /
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
# the lab host's own mounts (scripts/lab mount_dev + setup.sh start())
mount -t tmpfs -o mode=1777,nosuid,nodev,size=16m scan-shm "$root/dev/shm"
mount -t sysfs -o ro,nosuid,nodev,noexec scan-sysfs "$root/sys"
if [ "$h" = hardened ]; then
  mount -t tmpfs -o mode=1777,nosuid,nodev,noexec,size=64m scan-tmp "$root/tmp"
  mount -o remount,nosuid,nodev,noexec "$root/dev/shm"
fi
case $mode in
install)
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod 0755 "$root/usr/sbin/policy-rc.d"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -q -o APT::Sandbox::User=root update >/dev/null
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o APT::Sandbox::User=root install --no-install-recommends "$@" >/dev/null
  rm -f "$root/usr/sbin/policy-rc.d"
  echo "installed $* in the copy of $h" ;;
run) chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@" ;;
esac
