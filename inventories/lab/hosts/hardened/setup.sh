#!/bin/bash
# Lab host "hardened" — Debian 13 (trixie), client group acme, reached as user audit with sudo.
# The state a careful admin leaves a server in: fully patched, key-only SSH without root login, a
# drop-policy firewall, automatic security updates, nightly restic backups with a retention policy,
# time sync, sane permissions. Every check in ../../ground_truth.yaml should pass here.
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
	# Sources: release, -updates and -security (debootstrap sets up the release pocket only), from the
	# mirror the lab machine uses, so apt sees every published fix and labels security ones as such.
	rm -f /etc/apt/sources.list
	cat >/etc/apt/sources.list.d/debian.sources <<EOF
Types: deb
URIs: $LAB_MIRROR
Suites: $LAB_RELEASE $LAB_RELEASE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $LAB_SECURITY_MIRROR
Suites: $LAB_RELEASE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	apt-get -q update
	# Fully patched: dist-upgrade rather than upgrade, so nothing is kept back by new dependencies.
	apt-get -q -y dist-upgrade
	# nftables: the firewall; unattended-upgrades: automatic security updates; restic: backups;
	# chrony: time sync; cron: runs the backup job. Without recommends, as a lean server would be.
	# systemd-standalone-sysusers satisfies cron's "systemd | systemd-standalone-sysusers" without
	# pulling the whole of systemd into a host that has no systemd running.
	apt-get -q -y install --no-install-recommends nftables unattended-upgrades restic chrony cron \
		systemd-standalone-sysusers

	# Automatic updates: what `apt-config dump` must show for patch-automatic-updates.
	cat >/etc/apt/apt.conf.d/20auto-upgrades <<'EOF'
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
EOF

	# The audit login: key only ('*' rather than useradd's locked '!', which sshd without PAM
	# refuses even for key logins), passwordless sudo for the auditor's `become`.
	useradd -m -s /bin/bash -c "compliance auditor" audit
	usermod -p '*' audit
	install -d -m 0700 -o audit -g audit /home/audit/.ssh
	printf '%s\n' "$LAB_PUBKEY" >/home/audit/.ssh/authorized_keys
	chown audit:audit /home/audit/.ssh/authorized_keys
	chmod 0600 /home/audit/.ssh/authorized_keys
	echo 'audit ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/audit
	chmod 0440 /etc/sudoers.d/audit
	visudo -cf /etc/sudoers.d/audit

	# SSH policy: no root login, keys only, few attempts, no X11.
	set_sshd PermitRootLogin no
	set_sshd PasswordAuthentication no
	set_sshd PermitEmptyPasswords no
	set_sshd KbdInteractiveAuthentication no
	set_sshd MaxAuthTries 3
	set_sshd X11Forwarding no

	# Firewall: drop inbound except replies, loopback and SSH. Loaded at every start (see start()).
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

	# Backups: nightly restic backup, then retention (forget + prune). Nothing runs them in the lab (no
	# cron daemon runs); the log below is the evidence an auditor reads.
	install -d -m 0700 /etc/restic
	head -c 24 /dev/urandom | base64 >/etc/restic/password
	chmod 0600 /etc/restic/password
	cat >/etc/cron.d/restic-backup <<'EOF'
# Nightly restic backup of the system to the local repository, then apply the retention policy.
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RESTIC_REPOSITORY=/var/backups/restic
RESTIC_PASSWORD_FILE=/etc/restic/password
15 1 * * * root restic backup --exclude-caches /etc /home /root /var/www >>/var/log/restic-backup.log 2>&1
45 2 * * * root restic forget --keep-daily 7 --keep-weekly 4 --prune >>/var/log/restic-forget.log 2>&1
EOF
	chmod 0644 /etc/cron.d/restic-backup
	# Realistic restic output of the last run; its mtime (the backup's age) is set at every start.
	cat >/var/log/restic-backup.log <<'EOF'
using parent snapshot 9f8e7d6c
open repository
lock repository
load index files
start scan on [/etc /home /root /var/www]
start backup on [/etc /home /root /var/www]
scan finished in 0.318s: 1873 files, 41.275 MiB

Files:          14 new,    22 changed,  1837 unmodified
Dirs:            2 new,    19 changed,   431 unmodified
Data Blobs:     33 new
Tree Blobs:     20 new
Added to the repository: 1.842 MiB (612.903 KiB stored)

processed 1873 files, 41.275 MiB in 0:01
snapshot 1a2b3c4d saved
EOF
	chown root:adm /var/log/restic-backup.log
	chmod 0640 /var/log/restic-backup.log

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
	[ "$(awk -F: '$3 == 0' /etc/passwd | wc -l)" -eq 1 ] || { echo "extra uid-0 account" >&2; exit 1; }
	if dpkg-query -W -f '${db:Status-Status} ${Package}\n' | grep -E '^installed (.*telnetd.*|rsh-.*server|.*ftpd.*)$'; then
		echo "legacy cleartext server installed" >&2
		exit 1
	fi
	if apt-get -s dist-upgrade | grep '^Inst'; then echo "updates still pending" >&2; exit 1; fi
}

start() {
	# The firewall lives in the host's own network namespace; load it before sshd listens.
	nft -f /etc/nftables.conf </dev/null
	# The last backup finished two hours ago.
	touch -d '2 hours ago' /var/log/restic-backup.log
}

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
