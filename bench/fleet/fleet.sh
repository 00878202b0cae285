#!/usr/bin/env bash
# bench/fleet/fleet.sh — stand up (and tear down) N simulated hosts for bench/run_bench.py.
#
#   sudo bench/fleet/fleet.sh up N [SOURCE]
#                                       copy the lab's built SOURCE root filesystem once (hardened, the
#                                       default: Debian 13, login audit + sudo, has python3 for Ansible;
#                                       or neglected: Debian 12, root login), start one sshd chrooted into
#                                       the copy inside the network namespace auditorbench, and write N
#                                       inventory entries 127.1.x.y (all reach that sshd)
#   sudo bench/fleet/fleet.sh down      stop that sshd, unmount, delete the namespace
#
# Why one sshd: inside its own network namespace the sshd listens on 0.0.0.0:22, so every loopback
# address 127.x.y.z reaches it; each host is still its own SSH connection, key exchange, login and
# collector run (sshd forks a session per connection). The clients (auditor, ansible) run inside the
# same namespace (`ip netns exec auditorbench ...`). Nothing is written into /var/tmp/auditor-lab.
set -Eeuo pipefail
readonly STATE=/var/tmp/auditor-bench
SOURCE=${3:-hardened}
case "$SOURCE" in hardened) LOGIN=audit BECOME=true ;; neglected) LOGIN=root BECOME=false ;; *) echo "fleet: unknown source $SOURCE" >&2; exit 2 ;; esac
readonly SOURCE LOGIN BECOME
readonly ROOT=$STATE/root-$SOURCE
readonly SRC=/var/tmp/auditor-lab/hosts/$SOURCE/root
readonly NS=auditorbench
readonly KEY=/var/tmp/auditor-lab/id_ed25519
SELF=$(readlink -f "${BASH_SOURCE[0]}")

die() { printf 'fleet: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must be run as root (network namespace, chroot)"

copy_root() {
	[ -d "$SRC" ] || die "lab root filesystem $SRC missing (scripts/lab up builds it)"
	if [ ! -f "$ROOT.stamp" ]; then
		rm -rf "$ROOT"; mkdir -p "$STATE"
		cp -a "$SRC" "$ROOT"
		cat >"$ROOT/etc/ssh/sshd_config.d/00-lab.conf" <<'CONF'
# Written by bench/fleet/fleet.sh: one sshd serving every simulated host of the benchmark.
ListenAddress 0.0.0.0:22
UsePAM no
MaxStartups 2000:30:4000
LogLevel ERROR
CONF
		# OpenSSH >= 9.8 would penalise the benchmark's burst of logins from one source; older ones lack the keyword.
		if chroot "$ROOT" /usr/sbin/sshd -t -f /dev/null -o PerSourcePenalties=no >/dev/null 2>&1; then
			echo "PerSourcePenalties no" >>"$ROOT/etc/ssh/sshd_config.d/00-lab.conf"
		fi
		# The single-host peers run on the host itself: OpenSCAP's scanner (for oscap-ssh) and Lynis,
		# from Debian's packages (the copy only; the lab's root filesystem is never written).
		unshare --mount --propagation private sh -c "mount -t proc bench-proc '$ROOT/proc' &&
			mount --bind /etc/resolv.conf '$ROOT/etc/resolv.conf' &&
			chroot '$ROOT' env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
				apt-get -q -y install --no-install-recommends openscap-scanner lynis" >"$STATE/peers-install.log" 2>&1 ||
			die "installing openscap-scanner and lynis into the copy failed (see $STATE/peers-install.log)"
		date -u >"$ROOT.stamp"
	fi
}

mount_dev() { # ROOT (as scripts/lab: a minimal private /dev)
	local dev=$1/dev
	mount -t tmpfs -o mode=0755,nosuid,size=1m bench-dev "$dev"
	mknod -m 0666 "$dev/null" c 1 3; mknod -m 0666 "$dev/zero" c 1 5; mknod -m 0666 "$dev/full" c 1 7
	mknod -m 0666 "$dev/random" c 1 8; mknod -m 0666 "$dev/urandom" c 1 9; mknod -m 0666 "$dev/tty" c 5 0
	mkdir -m 0755 "$dev/pts"; mkdir -m 1777 "$dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 bench-devpts "$dev/pts"
	ln -s pts/ptmx "$dev/ptmx"; ln -s /proc/self/fd "$dev/fd"
	ln -s /proc/self/fd/0 "$dev/stdin"; ln -s /proc/self/fd/1 "$dev/stdout"; ln -s /proc/self/fd/2 "$dev/stderr"
}

inner_start() { # PID 1 of the fleet's PID namespace, in its own mount and UTS namespaces
	cat "$ROOT/etc/hostname" >/proc/sys/kernel/hostname
	mount_dev "$ROOT"
	mount -t sysfs -o ro,nosuid,nodev,noexec bench-sysfs "$ROOT/sys"
	mkdir -p "$ROOT/run/sshd"
	exec chroot "$ROOT" /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config </dev/null
}

write_inventory() { # N
	local n=$1 i addr inv=$STATE/hosts.ini kh=$STATE/known_hosts hostkey
	hostkey=$(cut -d' ' -f1,2 "$ROOT/etc/ssh/ssh_host_ed25519_key.pub")
	{ echo "# bench/fleet/fleet.sh: $n simulated hosts, one sshd (see bench/README.md)"; echo "[bench]"; } >"$inv"
	: >"$kh"
	for ((i = 0; i < n; i++)); do
		addr="127.1.$((i / 250)).$((i % 250 + 1))"
		printf 'h%04d ansible_host=%s ansible_port=22 ansible_user=%s ansible_become=%s ansible_ssh_private_key_file=%s auditor_sudo_nopasswd_allowed_users=%s\n' \
			"$i" "$addr" "$LOGIN" "$BECOME" "$KEY" "$LOGIN" >>"$inv"
		echo "$addr $hostkey" >>"$kh"
	done
}

up() {
	local n=${1:?N} i
	down >/dev/null 2>&1 || true
	copy_root
	ip netns add "$NS"
	ip netns exec "$NS" ip link set lo up
	# Byte counters for the SSH traffic on the namespace's loopback (every packet passes input once).
	ip netns exec "$NS" nft -f - <<'NFT'
table inet bench {
	counter to_sshd {}
	counter from_sshd {}
	chain input { type filter hook input priority 0; tcp dport 22 counter name to_sshd; tcp sport 22 counter name from_sshd; }
}
NFT
	setsid ip netns exec "$NS" unshare --mount --propagation private --uts --pid --fork --kill-child \
		--mount-proc="$ROOT/proc" "$SELF" __start - "$SOURCE" </dev/null >"$STATE/sshd.log" 2>&1 9>&- &
	echo $! >"$STATE/fleet.pid"
	write_inventory "$n"
	for i in $(seq 100); do
		if ip netns exec "$NS" bash -c 'exec 3<>/dev/tcp/127.1.0.1/22' 2>/dev/null; then
			echo "fleet: $n hosts up (inventory $STATE/hosts.ini, known_hosts $STATE/known_hosts)"; return 0
		fi
		sleep 0.1
	done
	die "sshd did not come up (see $STATE/sshd.log)"
}

down() {
	local pid i
	pid=$(cat "$STATE/fleet.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx __start; then
		kill -TERM "$pid" 2>/dev/null || true
	fi
	if [ -e "/run/netns/$NS" ]; then
		for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
		for i in $(seq 50); do [ -z "$(ip netns pids "$NS" 2>/dev/null)" ] && break; sleep 0.1; done
		ip netns del "$NS"
	fi
	rm -f "$STATE/fleet.pid"
	echo "fleet: down"
}

ssg() { # SCAP Security Guide content for Debian 12 (Debian 12's own ssg-debian has only 10 and 11)
	local dir=$STATE/ssg deb
	[ -f "$dir/usr/share/xml/scap/ssg/content/ssg-debian12-ds.xml" ] && return 0
	local root=$STATE/root-hardened
	[ -d "$root" ] || die "run 'fleet.sh up 1' first (the Debian 13 copy fetches trixie's ssg-debian)"
	unshare --mount --propagation private sh -c "mount --bind /etc/resolv.conf '$root/etc/resolv.conf' &&
		chroot '$root' sh -c 'cd /tmp && apt-get -q download ssg-debian'" >"$STATE/ssg-download.log" 2>&1 ||
		die "apt-get download ssg-debian failed (see $STATE/ssg-download.log)"
	deb=$(ls "$root"/tmp/ssg-debian_*_all.deb)
	rm -rf "$dir"; dpkg-deb -x "$deb" "$dir"; rm -f "$deb"
}

case "${1:-}" in
up) up "${2:-}" ;;  # $3: SOURCE, read above
down) down ;;
__start) inner_start ;;  # $3: SOURCE
ssg) ssg ;;
*) die "usage: fleet.sh up N [hardened|neglected] | down | ssg" ;;
esac
