#!/bin/bash
# Lab host "hardened" — Debian 13 (trixie), client group acme, reached as user audit with sudo.
# The state a careful admin leaves a server in: fully patched, key-only SSH without root login, a
# drop-policy firewall, automatic security updates, nightly restic backups to another host with a
# retention policy, integrity checks and a recorded restore test, time sync, sane permissions, CIS-style
# SSH, account, logging, audit and network hardening. Every check in ../../ground_truth.yaml passes here
# except the few decided by the machine's shared kernel (see the comments there).
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
	# Security controls: auditd (audit rules), rsyslog + logrotate (logging, forwarded to the client's
	# log host), apparmor (its profiles; whether the kernel enforces them is the machine's), pwquality
	# (password strength), ClamAV (malware protection), procps (sysctl, to apply the network settings).
	apt-get -q -y install --no-install-recommends auditd rsyslog logrotate apparmor libpam-pwquality \
		clamav clamav-daemon clamav-freshclam procps

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
	# Strong algorithms only (no CBC ciphers, SHA-1 or 64-bit MACs, SHA-1 key exchange), an idle timeout,
	# a short login grace time, a legal banner, verbose logging, no TCP forwarding, only the audit login.
	set_sshd Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr
	set_sshd MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-512,hmac-sha2-256
	set_sshd KexAlgorithms mlkem768x25519-sha256,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256
	set_sshd ClientAliveInterval 300
	set_sshd ClientAliveCountMax 3
	set_sshd LoginGraceTime 60
	set_sshd Banner /etc/issue.net
	set_sshd LogLevel VERBOSE
	set_sshd AllowTcpForwarding no
	set_sshd AllowUsers audit
	chown root:root /etc/ssh/sshd_config
	chmod 0600 /etc/ssh/sshd_config
	# Login banners: a legal notice that names no operating system or version.
	echo 'Authorised use only. Activity on this system is logged and may be monitored.' >/etc/issue
	cp /etc/issue /etc/issue.net

	# Account policy: password aging, a restrictive umask, inactive accounts locked after 30 days, an
	# idle shell timeout, password strength (pam_pwquality, enabled in common-password by its package).
	sed -i -E -e 's/^PASS_MAX_DAYS.*/PASS_MAX_DAYS\t365/' -e 's/^PASS_MIN_DAYS.*/PASS_MIN_DAYS\t1/' \
		-e 's/^PASS_WARN_AGE.*/PASS_WARN_AGE\t14/' -e 's/^UMASK.*/UMASK\t\t027/' /etc/login.defs
	grep -q '^UMASK' /etc/login.defs || printf 'UMASK\t\t027\n' >>/etc/login.defs
	useradd -D -f 30
	printf 'TMOUT=900\nreadonly TMOUT\nexport TMOUT\n' >/etc/profile.d/99-tmout.sh
	install -d -m 0755 /etc/security/pwquality.conf.d
	printf 'minlen = 14\nminclass = 3\n' >/etc/security/pwquality.conf.d/50-policy.conf
	grep -q pam_pwquality /etc/pam.d/common-password || { echo "pam_pwquality not enabled" >&2; exit 1; }

	# cron's files readable by root only.
	chmod 0600 /etc/crontab
	for d in /etc/cron.d /etc/cron.hourly /etc/cron.daily /etc/cron.weekly /etc/cron.monthly; do
		if [ -d "$d" ]; then chmod 0700 "$d"; fi
	done

	# Logging: rsyslog forwards everything to the client's log host over TCP (nothing runs it in the lab;
	# the configuration and enablement are the audited state).
	echo '*.* action(type="omfwd" target="logs.acme.example" port="6514" protocol="tcp")' \
		>/etc/rsyslog.d/60-remote.conf
	# Audit rules: changes to accounts, sudoers, sshd configuration and the clock are recorded.
	cat >/etc/audit/rules.d/50-hardening.rules <<'RULES'
-w /etc/passwd -p wa -k identity
-w /etc/group -p wa -k identity
-w /etc/shadow -p wa -k identity
-w /etc/gshadow -p wa -k identity
-w /etc/sudoers -p wa -k scope
-w /etc/sudoers.d -p wa -k scope
-w /etc/ssh/sshd_config -p wa -k sshd
-a always,exit -F arch=b64 -S adjtimex,settimeofday,clock_settime -k time-change
RULES
	# Kernel modules a server never needs: uncommon file systems, USB storage, rare network protocols.
	install -d -m 0755 /etc/modprobe.d
	for m in cramfs freevxfs hfs hfsplus jffs2 udf usb-storage dccp sctp rds tipc; do
		printf 'install %s /bin/false\nblacklist %s\n' "$m" "$m"
	done >/etc/modprobe.d/60-hardening.conf
	# Network hardening: applied to the host's own network namespace at every start (see start()).
	cat >/etc/sysctl.d/60-net-hardening.conf <<'SYSCTL'
net.ipv4.ip_forward = 0
net.ipv4.conf.all.accept_redirects = 0
net.ipv4.conf.default.accept_redirects = 0
net.ipv4.conf.all.secure_redirects = 0
net.ipv4.conf.default.secure_redirects = 0
net.ipv4.conf.all.send_redirects = 0
net.ipv4.conf.default.send_redirects = 0
net.ipv4.conf.all.rp_filter = 1
net.ipv4.conf.default.rp_filter = 1
net.ipv4.conf.all.accept_source_route = 0
net.ipv4.conf.default.accept_source_route = 0
net.ipv4.conf.all.log_martians = 1
net.ipv4.conf.default.log_martians = 1
net.ipv4.icmp_echo_ignore_broadcasts = 1
net.ipv4.icmp_ignore_bogus_error_responses = 1
net.ipv4.tcp_syncookies = 1
net.ipv6.conf.all.forwarding = 0
net.ipv6.conf.all.accept_redirects = 0
net.ipv6.conf.default.accept_redirects = 0
net.ipv6.conf.all.accept_source_route = 0
net.ipv6.conf.default.accept_source_route = 0
net.ipv6.conf.all.accept_ra = 0
net.ipv6.conf.default.accept_ra = 0
SYSCTL
	# Kernel-wide hardening a real host applies at boot. NOT applied in the lab: the lab host shares the
	# machine's kernel, and writing these would change the machine itself. The audit reads the effective
	# values, i.e. the machine's (see ground_truth.yaml).
	cat >/etc/sysctl.d/60-kernel-hardening.conf <<'SYSCTL'
kernel.kptr_restrict = 2
kernel.dmesg_restrict = 1
kernel.yama.ptrace_scope = 1
kernel.unprivileged_bpf_disabled = 1
fs.suid_dumpable = 0
fs.protected_hardlinks = 1
fs.protected_symlinks = 1
SYSCTL
	# No core dumps from any process (with fs.suid_dumpable = 0 above, none from set-uid ones either).
	echo '* hard core 0' >/etc/security/limits.d/60-coredump.conf
	# /tmp as its own tmpfs without devices, set-uid or execution (mounted at every start, see start()).
	echo 'tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime,size=64m,mode=1777 0 0' >>/etc/fstab

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
	# The ruleset is loaded at boot: nftables.service enabled (what `systemctl enable nftables` links).
	install -d /etc/systemd/system/sysinit.target.wants
	ln -sf /usr/lib/systemd/system/nftables.service /etc/systemd/system/sysinit.target.wants/nftables.service

	# Backups: nightly restic backup to the client's backup server (off this host), then retention
	# (forget + prune), and a weekly integrity check. Nothing runs them in the lab (no cron daemon runs);
	# the log below is the evidence an auditor reads.
	install -d -m 0700 /etc/restic
	head -c 24 /dev/urandom | base64 >/etc/restic/password
	chmod 0600 /etc/restic/password
	cat >/etc/cron.d/restic-backup <<'EOF'
# Nightly restic backup of the system to the local repository, then apply the retention policy.
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RESTIC_REPOSITORY=sftp:restic@backup.acme.example:/srv/restic/hardened
RESTIC_PASSWORD_FILE=/etc/restic/password
15 1 * * * root restic backup --exclude-caches /etc /home /root /var/www >>/var/log/restic-backup.log 2>&1
45 2 * * * root restic forget --keep-daily 7 --keep-weekly 4 --prune >>/var/log/restic-forget.log 2>&1
30 4 * * 0 root restic check --read-data-subset=5% >>/var/log/restic-check.log 2>&1
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
	# The last restore test (a file restored from the latest snapshot and compared), recorded where the
	# auditor looks for evidence; its mtime (the test's date) is set at every start.
	install -d -m 0755 /var/lib/auditor/evidence
	printf '%s\n' 'restic restore latest --target /tmp/restore-test --include /etc/hostname' \
		'restored /etc/hostname from snapshot 1a2b3c4d: identical to the live file' 'restore test passed' \
		>/var/lib/auditor/evidence/restore-test.log
	# Log files readable by root and adm only (lastlog, wtmp and btmp keep their utmp-group modes).
	find /var/log -type f -perm /o+rwx ! -name lastlog ! -name wtmp ! -name btmp -exec chmod o-rwx {} +

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
	# Network hardening for the host's own network namespace (the kernel-wide file is not applied: the
	# kernel is the machine's).
	sysctl -q -p /etc/sysctl.d/60-net-hardening.conf </dev/null
	# /tmp and /dev/shm without devices, set-uid or execution, in the host's own mount namespace.
	mountpoint -q /tmp || mount /tmp
	mount -o remount,nosuid,nodev,noexec /dev/shm
	# The last backup finished two hours ago; the last restore test was 30 days ago.
	touch -d '2 hours ago' /var/log/restic-backup.log
	touch -d '30 days ago' /var/lib/auditor/evidence/restore-test.log
}

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
