#!/bin/bash
# Lab host "neglected" — Debian 12 (bookworm), client group acme, reached as root directly.
# A server nobody has looked after: genuinely pending (security) updates, a reboot pending, root login
# and passwords over SSH, an extra uid-0 account, world-writable files in system paths, no firewall, no
# automatic updates, a telnet server (listening, via inetd), no time sync, a readable /etc/shadow, and a
# backup job that stopped working weeks ago, never had a retention policy and backs up to its own disk;
# also Debian's defaults where CIS-style hardening would change them (SSH algorithms and timeouts,
# password aging, umask, banners, cron permissions, /tmp and /dev/shm mount options, network sysctls),
# a forgotten "deploy" account with NOPASSWD sudo, a set-uid copy of find, an unowned application folder,
# and a MariaDB server nobody dumps.
# Its second address 10.231.2.3 is the inventory's "wrongkey" host (known_hosts pins another key).
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
	# Packages first, from the release pocket only (what debootstrap configured): installing them after
	# adding -updates/-security could pull in newer libraries and shrink the pending-update list.
	# restic: the (broken) backup tool; cron: runs it. inetutils-telnetd: a legacy cleartext login
	# server (it brings inetutils-inetd, which lists telnet in /etc/inetd.conf); telnet: its client.
	# mariadb-server: a database whose data no dump covers.
	apt-get -q update
	apt-get -q -y install --no-install-recommends restic cron inetutils-telnetd telnet mariadb-server

	# Then the -updates and -security sources (from the lab machine's mirror) and a metadata refresh,
	# but NO upgrade: the security fixes published since the point release are genuinely pending.
	cat >/etc/apt/sources.list <<EOF
deb $LAB_MIRROR $LAB_RELEASE main
deb $LAB_MIRROR $LAB_RELEASE-updates main
deb $LAB_SECURITY_MIRROR $LAB_RELEASE-security main
EOF
	apt-get -q update
	if ! apt-get -s dist-upgrade | grep -q '^Inst.*-security'; then
		echo "WARNING: the mirror gives no pending security update for $LAB_RELEASE" >&2
	fi

	# A reboot the admin never did (what a kernel or libc update leaves behind on Debian/Ubuntu).
	echo '*** System restart required ***' >/run/reboot-required
	printf 'libc6\nlinux-image-amd64\n' >/run/reboot-required.pkgs

	# Root logs in directly with the lab key. Root's shadow entry must not start with '!' (sshd without
	# PAM refuses key logins to locked accounts); debootstrap leaves '*', which is fine.
	case $(getent shadow root | cut -d: -f2) in '!'*) usermod -p '*' root ;; esac
	install -d -m 0700 /root/.ssh
	printf '%s\n' "$LAB_PUBKEY" >/root/.ssh/authorized_keys
	chmod 0600 /root/.ssh/authorized_keys

	# SSH policy defects: root login, password authentication, many attempts, X11 forwarding.
	set_sshd PermitRootLogin yes
	set_sshd PasswordAuthentication yes
	set_sshd MaxAuthTries 10
	set_sshd X11Forwarding yes
	# Legacy algorithms added for an old client (CBC cipher, SHA-1 key exchange), and user environment
	# files honoured (an old deployment tool relied on ~/.ssh/environment).
	set_sshd Ciphers +aes256-cbc
	set_sshd KexAlgorithms +diffie-hellman-group14-sha1
	set_sshd PermitUserEnvironment yes

	# telnet enabled in inetd (started at every start(), see there): a clear-text login on port 23.
	printf 'telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/telnetd\ttelnetd\n' >>/etc/inetd.conf

	# A deployment account set up years ago: password login, NOPASSWD sudo for everything, never used.
	useradd -m -s /bin/bash -u 1001 deploy
	printf 'deploy:%s\n' "$(head -c 12 /dev/urandom | base64)" | chpasswd
	chage -d "$(date -d '400 days ago' +%F)" deploy
	echo 'deploy ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/deploy
	chmod 0440 /etc/sudoers.d/deploy
	visudo -cf /etc/sudoers.d/deploy

	# A set-uid root copy of find (a classic privilege-escalation backdoor), and an application folder
	# left behind by a removed account (uid/gid 1500 exist nowhere).
	install -m 4755 /usr/bin/find /usr/local/bin/find
	install -d /opt/legacy-app
	printf '#!/bin/sh\nexec /opt/legacy-app/bin/server\n' >/opt/legacy-app/run.sh
	chown -R 1500:1500 /opt/legacy-app

	# An extra uid-0 account (a classic backdoor name), password locked.
	useradd -o -u 0 -g 0 -M -d /root -s /bin/bash toor

	# World-writable files in system paths: an app config and a root-run helper script.
	printf '# app settings\nlisten=0.0.0.0:8080\ndebug=true\n' >/etc/app.conf
	chmod 0666 /etc/app.conf
	printf '#!/bin/sh\n# nightly cleanup\nfind /tmp -type f -mtime +7 -delete\n' >/usr/local/bin/cleanup.sh
	chmod 0777 /usr/local/bin/cleanup.sh

	# /etc/shadow readable by everyone (Debian's default is 0640 root:shadow).
	chmod 0644 /etc/shadow

	# Backups: a restic job without any forget/prune line, to a repository on this very disk; its log
	# (mtime set at every start) shows the last successful run weeks ago. The repository password file is
	# readable by every local user (created with the default umask).
	install -d -m 0755 /etc/restic
	head -c 24 /dev/urandom | base64 >/etc/restic/password
	chmod 0644 /etc/restic/password
	# The job's --tag is hostile on purpose: host output is data, and reports must show it as text
	# (tests look for it, escaped, in the HTML report and in a real browser's DOM).
	cat >/etc/cron.d/restic-backup <<'EOF'
# Nightly restic backup to the local repository.
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RESTIC_REPOSITORY=/var/backups/restic
RESTIC_PASSWORD_FILE=/etc/restic/password
30 0 * * * root restic backup --tag '<script>alert("auditor-xss")</script>' /etc /root /srv >>/var/log/restic-backup.log 2>&1
EOF
	chmod 0644 /etc/cron.d/restic-backup
	cat >/var/log/restic-backup.log <<'EOF'
using parent snapshot 5e6f7a8b
open repository
lock repository
load index files
start scan on [/etc /root /srv]
start backup on [/etc /root /srv]
scan finished in 0.287s: 1204 files, 22.918 MiB

Files:           3 new,     9 changed,  1192 unmodified
Dirs:            0 new,     7 changed,   288 unmodified
Data Blobs:     11 new
Tree Blobs:      8 new
Added to the repository: 412.331 KiB (133.870 KiB stored)

processed 1204 files, 22.918 MiB in 0:00
snapshot 9c8d7e6f saved
EOF

	# Assert the invariants the ground truth relies on: no firewall, no automatic updates, no time sync.
	if dpkg-query -W -f '${db:Status-Status} ${Package}\n' |
		grep -E '^installed (nftables|iptables|ufw|firewalld|unattended-upgrades|chrony|ntpsec|ntp|openntpd|systemd-timesyncd)$'; then
		echo "unexpected package installed" >&2
		exit 1
	fi
}

start() {
	# The last successful backup was 20 days ago.
	touch -d '20 days ago' /var/log/restic-backup.log
	# Left on as a router by an old VPN setup (the host's own network namespace).
	echo 1 >/proc/sys/net/ipv4/ip_forward
	# inetd (telnet on port 23); it detaches, and lives in the host's namespaces until the host stops.
	/usr/sbin/inetutils-inetd /etc/inetd.conf </dev/null
}

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
