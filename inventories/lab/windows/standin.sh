#!/bin/bash
# The auditor lab's Windows stand-in: the login shell of user winaudit on lab host "partial".
#
# It plays a Windows host running OpenSSH Server for the auditor's end-to-end test (issue 10). sshd
# runs it as `standin.sh -c COMMAND` with the collector script on stdin. It accepts exactly what the
# auditor sends a Windows host: COMMAND must be the constant `PowerShell ... -EncodedCommand`
# bootstrap, and stdin must be, byte for byte, the auditor's PowerShell collector for the nonce and
# probes it names (rebuilt here from the recorded header, per-probe blocks and DONE line). Anything
# else is refused (exit 126, nothing on stdout). It then prints, for each probe in order, the recorded
# output of a real Windows host's probe between the collector's markers, exactly as the PowerShell
# collector would. Nothing it reads is executed. Recordings: /opt/auditor-standin (installed by
# `python -m tests.lab.windows_standin install` from inventories/lab/windows/recorded).
set -u
export LC_ALL=C
DATA=/opt/auditor-standin/recorded

refuse() {
	printf 'auditor-standin: refused: %s\n' "$1" >&2
	exit 126
}

[ "${1:-}" = "-c" ] || refuse "only the auditor's collector is served (no interactive login)"
[ "$#" -eq 2 ] || refuse "unexpected arguments"
[ "$2" = "$(cat "$DATA/bootstrap.cmd")" ] || refuse "not the Windows collector's bootstrap command"

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
head -c 4194304 >"$work/script"

nonce=$(sed -n "s/^Write-AuditorText 'O' \"AUDITOR-\([0-9a-f]\{8,64\}\) DONE\`n\"\$/\1/p" "$work/script" | head -n 1)
[ -n "$nonce" ] || refuse "no collector DONE line"
names=$(sed -n "s/^Write-AuditorText 'O' \"AUDITOR-$nonce BEGIN \([A-Za-z0-9_]\{1,64\}\)\`n\"\$/\1/p" "$work/script")
{
	sed "s/@NONCE@/$nonce/g" "$DATA/header.ps1"
	for name in $names; do
		[ -f "$DATA/$name.ps1" ] || refuse "probe $name has no recorded block"
		sed "s/@NONCE@/$nonce/g" "$DATA/$name.ps1"
	done
	sed "s/@NONCE@/$nonce/g" "$DATA/done.ps1"
} >"$work/expected"
cmp -s "$work/script" "$work/expected" || refuse "the script is not the auditor's Windows collector"

marker="AUDITOR-$nonce"
for name in $names; do
	rc=0
	[ -f "$DATA/$name.rc" ] && rc=$(cat "$DATA/$name.rc")
	printf '%s BEGIN %s\n' "$marker" "$name"
	printf '%s BEGIN %s\n' "$marker" "$name" >&2
	[ -f "$DATA/$name.out" ] && cat "$DATA/$name.out"
	[ -f "$DATA/$name.err" ] && cat "$DATA/$name.err" >&2
	printf '\n%s END %s %s\n' "$marker" "$name" "$rc"
	printf '\n%s END %s\n' "$marker" "$name" >&2
done
printf '%s DONE\n' "$marker"
