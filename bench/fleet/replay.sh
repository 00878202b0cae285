#!/usr/bin/env bash
# bench/fleet/replay.sh — a replay fleet: N hosts that answer the collector with a recorded host's output.
#
#   sudo bench/fleet/replay.sh record     record once: the real collector of `auditor run` (full check set)
#                                         on the lab's hardened Debian 13 root filesystem, over a real
#                                         login and sudo; kept in /var/tmp/auditor-replay/recording
#   sudo bench/fleet/replay.sh up N       one real OpenSSH sshd (the lab host's own) in the network namespace
#                                         auditorreplay, serving every 127.1.x.y, whose ForceCommand replays
#                                         the recording; writes an inventory of N hosts and their known_hosts
#   sudo bench/fleet/replay.sh down       stop that sshd, delete the namespace
#
# Why: with real hosts on this machine, the hosts' collector work (about 1 s of CPU each) shares the
# client's two cores and hides the controller's own cost. Here each host is still a separate TCP
# connection, SSH key exchange, public-key login and exec channel, but the "host" only checks that
# it received exactly the recorded request (same command line, i.e. `sudo -n -u root /bin/sh -s`, and
# the same collector script but for the run's per-host nonce), then prints the recorded stdout and
# stderr with that nonce put back, and exits with the recorded status. The controller parses,
# evaluates and stores every host as it would a real one. A request that differs (the probe set
# changed since the recording) is refused loudly: record again.
#
# The lab's root filesystem is never written: sshd runs chrooted in an overlay mount over it (the
# writable layer under /var/tmp/auditor-replay). The namespace and state directory are not the ones
# of fleet.sh, so both fleets can be up at once.
set -Eeuo pipefail
readonly STATE=/var/tmp/auditor-replay
readonly NS=auditorreplay
readonly LOWER=/var/tmp/auditor-lab/hosts/hardened/root
readonly KEY=/var/tmp/auditor-lab/id_ed25519
readonly MERGED=$STATE/merged
readonly UPPER=$STATE/upper
readonly REC=$STATE/recording
readonly SERVED=/opt/auditor-replay # inside the chroot
SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/../.." && pwd)

die() { printf 'replay: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must be run as root (network namespace, chroot)"

# The forced command in replay mode (POSIX sh; forks one cat and three seds per host).
serve_program() {
	cat <<'SH'
#!/bin/sh
# bench/fleet/replay.sh: answer the collector with the recorded host's output.
rec=/opt/auditor-replay/rec
IFS= read -r expected <"$rec/command"
if [ "${SSH_ORIGINAL_COMMAND-}" != "$expected" ]; then
	echo "replay: unexpected command (recorded: $expected)" >&2; exit 125
fi
script=$(cat)
nonce=${script#*AUDITOR-}
nonce=${nonce%%"'"*}
case $nonce in ''|*[!0-9a-f]*) echo "replay: no collector nonce in the script" >&2; exit 125 ;; esac
if [ "$script" != "$(sed "s/@NONCE@/$nonce/g" "$rec/script")" ]; then
	echo "replay: the collector script differs from the recording: run bench/fleet/replay.sh record" >&2; exit 125
fi
sed "s/@NONCE@/$nonce/g" "$rec/stdout"
sed "s/@NONCE@/$nonce/g" "$rec/stderr" >&2
IFS= read -r status <"$rec/status"
exit "$status"
SH
}

# The forced command in record mode: run the request for real (sudo and the collector), keep it all.
record_program() {
	cat <<'SH'
#!/bin/sh
# bench/fleet/replay.sh: run the collector for real and keep the request and the answer.
rec=/opt/auditor-replay/rec
printf '%s\n' "${SSH_ORIGINAL_COMMAND-}" >"$rec/command"
cat >"$rec/script"
/bin/sh -c "${SSH_ORIGINAL_COMMAND-}" <"$rec/script" >"$rec/stdout" 2>"$rec/stderr"
echo $? >"$rec/status"
cat "$rec/stdout"; cat "$rec/stderr" >&2
exit "$(cat "$rec/status")"
SH
}

prepare_upper() { # MODE: the overlay's writable layer, fresh: sshd config, the forced command, the recording
	local mode=$1
	rm -rf "$UPPER" "$STATE/work-ov"
	mkdir -p "$UPPER/etc/ssh/sshd_config.d" "$UPPER$SERVED/rec" "$STATE/work-ov" "$MERGED"
	chmod 0755 "$UPPER" "$UPPER/etc" "$UPPER/etc/ssh" "$UPPER/etc/ssh/sshd_config.d" "$UPPER/opt" "$UPPER$SERVED"
	cat >"$UPPER/etc/ssh/sshd_config.d/00-lab.conf" <<CONF
# Written by bench/fleet/replay.sh: one sshd serving every host of the replay fleet.
ListenAddress 0.0.0.0:22
UsePAM no
MaxStartups 2000:30:4000
PerSourcePenalties no
LogLevel ERROR
ForceCommand $SERVED/$mode
CONF
	if [ "$mode" = serve ]; then
		serve_program >"$UPPER$SERVED/serve"
		cp "$REC"/{command,script,stdout,stderr,status} "$UPPER$SERVED/rec/"
		chmod -R a+rX "$UPPER$SERVED/rec"
	else
		record_program >"$UPPER$SERVED/record"
		chown 1000:1000 "$UPPER$SERVED/rec" # the login user (audit) of the lab's hardened host
	fi
	chmod 0755 "$UPPER$SERVED/$mode"
}

mount_dev() { # ROOT (as fleet.sh: a minimal private /dev)
	local dev=$1/dev
	mount -t tmpfs -o mode=0755,nosuid,size=1m replay-dev "$dev"
	mknod -m 0666 "$dev/null" c 1 3; mknod -m 0666 "$dev/zero" c 1 5; mknod -m 0666 "$dev/full" c 1 7
	mknod -m 0666 "$dev/random" c 1 8; mknod -m 0666 "$dev/urandom" c 1 9; mknod -m 0666 "$dev/tty" c 5 0
	mkdir -m 0755 "$dev/pts"; mkdir -m 1777 "$dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 replay-devpts "$dev/pts"
	ln -s pts/ptmx "$dev/ptmx"; ln -s /proc/self/fd "$dev/fd"
	ln -s /proc/self/fd/0 "$dev/stdin"; ln -s /proc/self/fd/1 "$dev/stdout"; ln -s /proc/self/fd/2 "$dev/stderr"
}

inner_start() { # PID 1 of the fleet's PID namespace, in its own mount and UTS namespaces
	mount -t overlay replay-root -o "lowerdir=$LOWER,upperdir=$UPPER,workdir=$STATE/work-ov" "$MERGED"
	mount -t proc replay-proc "$MERGED/proc"
	cat "$MERGED/etc/hostname" >/proc/sys/kernel/hostname
	mount_dev "$MERGED"
	mount -t sysfs -o ro,nosuid,nodev,noexec replay-sysfs "$MERGED/sys"
	mkdir -p "$MERGED/run/sshd"
	exec chroot "$MERGED" /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config </dev/null
}

write_inventory() { # N
	local n=$1 i addr hostkey
	hostkey=$(cut -d' ' -f1,2 "$LOWER/etc/ssh/ssh_host_ed25519_key.pub")
	{
		echo "# bench/fleet/replay.sh: $n replayed hosts, one sshd (see bench/README.md)"
		echo "[replay]"
		for ((i = 0; i < n; i++)); do
			addr="127.1.$((i / 250)).$((i % 250 + 1))"
			printf 'r%05d ansible_host=%s ansible_port=22 ansible_user=audit ansible_become=true ansible_ssh_private_key_file=%s\n' \
				"$i" "$addr" "$KEY"
		done
	} >"$STATE/hosts.ini"
	for ((i = 0; i < n; i++)); do echo "127.1.$((i / 250)).$((i % 250 + 1)) $hostkey"; done >"$STATE/known_hosts"
}

up() { # N MODE
	local n=${1:?N} mode=${2:-serve} i
	[ -d "$LOWER" ] || die "lab root filesystem $LOWER missing (scripts/lab up builds it)"
	[ "$n" -ge 1 ] && [ "$n" -le 62500 ] || die "N must be 1..62500 (127.1.x.y addresses)"
	if [ "$mode" = serve ] && [ ! -f "$REC/status" ]; then die "no recording yet: run '$SELF record' first"; fi
	down >/dev/null 2>&1 || true
	mkdir -p "$STATE"
	prepare_upper "$mode"
	ip netns add "$NS"
	ip netns exec "$NS" ip link set lo up
	setsid ip netns exec "$NS" unshare --mount --propagation private --uts --pid --fork --kill-child \
		"$SELF" __start </dev/null >"$STATE/sshd.log" 2>&1 9>&- &
	echo $! >"$STATE/fleet.pid"
	write_inventory "$n"
	for i in $(seq 100); do
		if ip netns exec "$NS" bash -c 'exec 3<>/dev/tcp/127.1.0.1/22' 2>/dev/null; then
			echo "replay: $n hosts up ($mode; inventory $STATE/hosts.ini, known_hosts $STATE/known_hosts)"; return 0
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
	echo "replay: down"
}

record() { # one real collector run through the record-mode forced command, then templated by nonce
	local out=$STATE/record-run nonce
	up 1 record
	rm -rf "$out"; mkdir -p "$out"
	ip netns exec "$NS" "$REPO/.venv/bin/auditor" run -i "$STATE/hosts.ini" --known-hosts "$STATE/known_hosts" \
		--no-progress --format json --db "$out/record.db" -o "$out" >"$out/run.log" 2>&1 || true # 1: findings
	grep -q " assessed " "$out/run.log" || { down; die "the recording run failed (see $out/run.log)"; }
	down >/dev/null
	local got=$UPPER$SERVED/rec
	[ -s "$got/stdout" ] || die "nothing recorded (see $out/run.log)"
	nonce=$(grep -o "AUDITOR-[0-9a-f]*" "$got/script" | head -n1 | cut -d- -f2)
	[ -n "$nonce" ] || die "no nonce in the recorded script"
	rm -rf "$REC"; mkdir -p "$REC"
	cp "$got/command" "$got/status" "$REC/"
	for f in script stdout stderr; do sed "s/$nonce/@NONCE@/g" "$got/$f" >"$REC/$f"; done
	cp "$out/record.db" "$REC/record.db"
	grep -E "assessed|error" "$out/run.log" | head -5 || true
	echo "replay: recorded $(wc -c <"$REC/stdout") bytes of stdout, $(wc -c <"$REC/stderr") of stderr," \
		"$(grep -c "@NONCE@ END" "$REC/stdout") probe sections, exit $(cat "$REC/status"), command: $(cat "$REC/command")"
}

case "${1:-}" in
up) up "${2:-}" serve ;;
down) down ;;
record) record ;;
__start) inner_start ;;
*) die "usage: replay.sh record | up N | down" ;;
esac
