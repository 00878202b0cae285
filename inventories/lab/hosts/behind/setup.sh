#!/bin/bash
# Lab host "behind" — Debian 12 (bookworm), client group initech: reachable ONLY through the bastion.
# Its one network link ends in the bastion's namespace (10.231.5.2 <-> bastion 10.231.5.1); the
# machine has no route to it. Audited over ProxyJump on both paths (tests/lab/test_jump*.py).
#
# Two audit logins, key only:
#   audit    sudo NOPASSWD ALL: the ordinary become audit, whose verdicts are "what root sees";
#   lpaudit  no sudo rule at build: tests/lab/test_sudoers*.py installs exactly what
#            `auditor sudoers --user lpaudit` prints, audits in least-privilege mode, removes it.
# State: patched, firewall with a drop policy, key-only SSH, but X11 forwarding on and MaxAuthTries 6
# (so some checks fail and both paths must agree on failures too).
#
# Run by scripts/lab inside this host's root filesystem (chroot), as root, with LAB_* variables set:
#   LAB_PHASE=build  once, when the root filesystem is built (the Debian mirror is reachable)
#   LAB_PHASE=start  at every `scripts/lab up`, inside the host's own namespaces, before sshd starts
set -euo pipefail

set_sshd() {
	sed -i -E "/^[#[:space:]]*$1[[:space:]]/Id" /etc/ssh/sshd_config
	echo "$1 $2" >>/etc/ssh/sshd_config
}

add_login() { # USER
	useradd -m -s /bin/bash -c "compliance auditor" "$1"
	usermod -p '*' "$1"
	install -d -m 0700 -o "$1" -g "$1" "/home/$1/.ssh"
	printf '%s\n' "$LAB_PUBKEY" >"/home/$1/.ssh/authorized_keys"
	chown "$1:$1" "/home/$1/.ssh/authorized_keys"
	chmod 0600 "/home/$1/.ssh/authorized_keys"
}

build() {
	cat >/etc/apt/sources.list <<EOS
deb $LAB_MIRROR $LAB_RELEASE main
deb $LAB_MIRROR $LAB_RELEASE-updates main
deb $LAB_SECURITY_MIRROR $LAB_RELEASE-security main
EOS
	apt-get -q update
	apt-get -q -y dist-upgrade
	apt-get -q -y install --no-install-recommends nftables

	add_login audit
	echo 'audit ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/audit
	chmod 0440 /etc/sudoers.d/audit
	visudo -cf /etc/sudoers.d/audit
	add_login lpaudit

	set_sshd PermitRootLogin no
	set_sshd PasswordAuthentication no
	set_sshd X11Forwarding yes
	set_sshd MaxAuthTries 6

	cat >/etc/nftables.conf <<'EOS'
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
}
EOS
	chmod 0755 /etc/nftables.conf
	chown root:shadow /etc/shadow
	chmod 0640 /etc/shadow
	rm -f /run/reboot-required /run/reboot-required.pkgs
}

start() {
	nft -f /etc/nftables.conf </dev/null
	# A sudoers rule left by an interrupted least-privilege test must not survive a restart.
	rm -f /etc/sudoers.d/auditor-lp
}

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
