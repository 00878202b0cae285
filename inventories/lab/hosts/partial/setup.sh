#!/bin/bash
# Lab host "partial" — Debian 12 (bookworm), client group globex, reached as user audit WITHOUT become.
# Patched and firewalled, but with SSH defects (X11 forwarding, MaxAuthTries 6), no automatic updates
# and no backups at all. audit's sudo wants a password the auditor is not given, so every check that
# needs root (sshd -T, /etc/shadow contents, nft ruleset) must come out as "error", not a guess.
#
# Run by scripts/lab inside this host's root filesystem (chroot), as root, with LAB_* variables set:
#   LAB_PHASE=build  once, when the root filesystem is built (the Debian mirror is reachable)
#   LAB_PHASE=start  at every `scripts/lab up`, inside the host's own namespaces, before sshd starts
set -euo pipefail

# Set an sshd_config keyword in the main file (drops any earlier, possibly commented, line for it).
set_sshd() {
	sed -i -E "/^[#[:space:]]*$1[[:space:]]/Id" /etc/ssh/sshd_config
	echo "$1 $2" >>/etc/ssh/sshd_config
}

build() {
	# Sources: release, -updates and -security from the lab machine's mirror, then fully patched
	# (dist-upgrade, so nothing is kept back by new dependencies).
	cat >/etc/apt/sources.list <<EOF
deb $LAB_MIRROR $LAB_RELEASE main
deb $LAB_MIRROR $LAB_RELEASE-updates main
deb $LAB_SECURITY_MIRROR $LAB_RELEASE-security main
EOF
	apt-get -q update
	apt-get -q -y dist-upgrade
	# nftables: the firewall; chrony: time sync; cron, as on any server. Deliberately no
	# unattended-upgrades and no backup tool.
	apt-get -q -y install --no-install-recommends nftables chrony cron

	# The audit login: key login works (with UsePAM no, sshd accepts keys for an account with a normal
	# password hash); the password is the lab's random become-password, which sudo asks for.
	useradd -m -s /bin/bash -c "compliance auditor" audit
	printf 'audit:%s\n' "$LAB_BECOME_PASSWORD" | chpasswd
	install -d -m 0700 -o audit -g audit /home/audit/.ssh
	printf '%s\n' "$LAB_PUBKEY" >/home/audit/.ssh/authorized_keys
	chown audit:audit /home/audit/.ssh/authorized_keys
	chmod 0600 /home/audit/.ssh/authorized_keys
	# winaudit: the stand-in for a Windows host running OpenSSH (issue 10). Its login shell is the
	# auditor's Windows stand-in, which answers the PowerShell collector with a recorded Windows host's
	# output; the script and its recordings are installed into this root filesystem by
	# `python -m tests.lab.windows_standin install` (see inventories/lab/windows/README.md), so that a
	# re-recording needs no rebuild. Password '*' (not locked: sshd without PAM refuses locked accounts).
	useradd -m -s /opt/auditor-standin/standin.sh -c "Windows stand-in (auditor lab)" winaudit
	usermod -p '*' winaudit
	install -d -m 0700 -o winaudit -g winaudit /home/winaudit/.ssh
	printf '%s\n' "$LAB_PUBKEY" >/home/winaudit/.ssh/authorized_keys
	chown winaudit:winaudit /home/winaudit/.ssh/authorized_keys
	chmod 0600 /home/winaudit/.ssh/authorized_keys
	echo 'audit ALL=(ALL:ALL) ALL' >/etc/sudoers.d/audit
	chmod 0440 /etc/sudoers.d/audit
	visudo -cf /etc/sudoers.d/audit

	# SSH policy: keys only, root by key only — but X11 forwarding on and MaxAuthTries 6 (defects).
	set_sshd PermitRootLogin prohibit-password
	set_sshd PasswordAuthentication no
	set_sshd X11Forwarding yes
	set_sshd MaxAuthTries 6

	# Firewall: the same drop-policy ruleset as hardened, loaded at every start (see start()).
	cat >/etc/nftables.conf <<'EOF'
#!/usr/sbin/nft -f
flush ruleset

table inet filter {
	chain input {
		type filter hook input priority 0; policy drop;
		ct state established,related accept
		iif lo accept
		tcp dport 22 accept
	}
	chain forward {
		type filter hook forward priority 0; policy drop;
	}
	chain output {
		type filter hook output priority 0; policy accept;
	}
}
EOF
	chmod 0755 /etc/nftables.conf

	# File permissions: Debian's defaults, set explicitly so the state does not depend on the base.
	chown root:shadow /etc/shadow
	chmod 0640 /etc/shadow
	chown root:root /etc/passwd
	chmod 0644 /etc/passwd
	# No world-writable files (or non-sticky world-writable directories) in system paths.
	find /etc /usr /bin /sbin /lib /boot -xdev \( -type f -perm -0002 \) -exec chmod o-w {} + 2>/dev/null || true
	find /etc /usr /bin /sbin /lib /boot -xdev \( -type d -perm -0002 ! -perm -1000 \) -exec chmod o-w {} + 2>/dev/null || true
	# Nothing pending a reboot.
	rm -f /run/reboot-required /run/reboot-required.pkgs

	# Assert the invariants the ground truth relies on.
	if dpkg-query -W -f '${db:Status-Status} ${Package}\n' |
		grep -E '^installed (unattended-upgrades|restic|borgbackup|duplicity|rsnapshot|bacula-.*|bareos-.*|proxmox-backup-client|timeshift|.*telnetd.*|rsh-.*server|.*ftpd.*)$'; then
		echo "unexpected package installed" >&2
		exit 1
	fi
	if apt-get -s dist-upgrade | grep '^Inst'; then echo "updates still pending" >&2; exit 1; fi
}

start() {
	# The firewall lives in the host's own network namespace; load it before sshd listens.
	nft -f /etc/nftables.conf </dev/null
}

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
