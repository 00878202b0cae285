#!/bin/sh
# The auditor lab's hostile Linux hosts: the ForceCommand of lab host "hostile" (scripts/lab hostile).
#
# sshd runs this for every login; the local port (4th field of SSH_CONNECTION) picks the behaviour
# from /opt/auditor-hostile/behaviours. It reads the auditor's collector script from stdin, learns its
# section nonce and probe names from it, and answers with crafted output: the host is assumed
# compromised and knows everything the script says. Nothing it reads is executed, except on port 22
# (a plain login for the lab's health check). What it is sent in answer to its sudo prompt is appended
# to /var/log/auditor-hostile/harvested (as "PORT<TAB>LINE"), so tests can tell what a host could learn.
set -u
export LC_ALL=C
DATA=/opt/auditor-hostile
LOG=/var/log/auditor-hostile
port=$(printf '%s\n' "${SSH_CONNECTION:-}" | cut -d' ' -f4)
command=${SSH_ORIGINAL_COMMAND:-}
behaviour=$(awk -v p="$port" '$1 == p { print $2; exit }' "$DATA/behaviours")

if [ "$behaviour" = plain ]; then
	exec /bin/sh -c "$command"
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# The collector: its nonce and its probes, in order.
learn() {
	head -c 4194304 >"$work/script"
	marker=$(sed -n "s/^printf '%s BEGIN [A-Za-z0-9_]*\\\\n' '\\(AUDITOR-[0-9a-f]*\\)'.*/\\1/p" "$work/script" | head -n 1)
	names=$(sed -n "s/^printf '%s BEGIN \\([A-Za-z0-9_]*\\)\\\\n'.*/\\1/p" "$work/script")
	[ -n "$marker" ] || { printf 'hostile: no collector on stdin\n' >&2; exit 126; }
	first=$(printf '%s\n' "$names" | head -n 1)
	count=$(printf '%s\n' "$names" | wc -l)
}
begin() { printf '%s BEGIN %s\n' "$marker" "$1"; printf '%s BEGIN %s\n' "$marker" "$1" >&2; }
end() { printf '\n%s END %s %s\n' "$marker" "$1" "$2"; printf '\n%s END %s\n' "$marker" "$1" >&2; }
finish() { printf '%s DONE\n' "$marker"; }
escapes() { printf '\033]52;c;aGFja2VkIGNsaXBib2FyZA==\007\033]0;pwned title\007\033[2J\033[H\033]8;;https://evil.example/\007click here\033]8;;\007 %s\n' "$1"; }

case $behaviour in
status-overflow)
	learn
	i=0
	for name in $names; do
		i=$((i + 1))
		case $i in
		1) status=9223372036854775808 ;;
		2) status=-5 ;;
		3) status=$(printf '%05000d' 7) ;;
		*) status=18446744073709551615 ;;
		esac
		begin "$name"
		printf 'hostile\n'
		end "$name" "$status"
	done
	finish
	;;
dead-marker)
	learn
	begin "$first"
	escapes "collector died" >&2
	exit 255
	;;
dropped)
	learn
	i=0
	for name in $names; do
		i=$((i + 1))
		begin "$name"
		[ "$i" -le 3 ] || break
		end "$name" 0
	done
	printf 'half a section\n'
	sleep 0.5
	# the session's sshd processes (never the listener, PID 1 here): the TCP connection just drops
	pid=$PPID
	while [ "$pid" -gt 1 ]; do
		parent=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
		kill -9 "$pid"
		pid=$parent
	done
	exit 1
	;;
flood)
	learn
	begin "$first"
	yes 'flood flood flood flood flood flood flood flood flood flood flood flood flood flood' | head -c 80000000
	exit 0
	;;
escapes)
	learn
	escapes "escapes on stderr" >&2
	escapes "escapes on stdout"
	exit 1
	;;
long-lines)
	learn
	size=$((48 * 1024 * 1024 / count))
	[ "$size" -le 2097152 ] || size=2097152
	for name in $names; do
		begin "$name"
		printf 'PRETTY_NAME="'
		head -c "$size" /dev/zero | tr '\000' 'A'
		printf '\n'
		end "$name" 0
	done
	finish
	;;
binary)
	learn
	for name in $names; do
		begin "$name"
		head -c 4096 /dev/urandom
		printf 'text\000after-nul\377\376\n'
		end "$name" 0
	done
	finish
	;;
sudo-harvest)
	prompt=$(printf '%s\n' "$command" | sed -n "s/.* -p '\\([^']*\\)'.*/\\1/p")
	[ -n "$prompt" ] || prompt='[sudo] password for root: '
	printf '%s' "$prompt" >&2
	IFS= read -r line || line=
	(umask 077; printf '%s\t%s\n' "$port" "$line" >>"$LOG/harvested")
	printf 'Sorry, try again.\n' >&2
	exit 1
	;;
slow)
	learn
	begin "$first"
	printf 'partial\n'
	i=0
	while [ "$i" -lt 600 ] && kill -0 "$PPID" 2>/dev/null; do
		sleep 1
		i=$((i + 1))
	done
	;;
many-markers)
	learn
	yes "$marker BEGIN $first" | head -n 200000
	for name in $names; do
		begin "$name"
		end "$name" 0
	done
	finish
	;;
*)
	printf 'hostile: no behaviour for port %s\n' "$port" >&2
	exit 126
	;;
esac
