#!/bin/bash
# Lab host "bastion" — Debian 12 (bookworm): the jump host in front of "behind", not audited itself.
# Reached as user jump (key only, no sudo) at 10.231.4.2; its second address 10.231.5.1 faces the
# private link to "behind" (see scripts/lab: behind's only network link ends in this namespace).
# sshd forwards TCP only to the behind side (PermitOpen), as a careful bastion would.
#
# Run by scripts/lab inside this host's root filesystem (chroot), as root, with LAB_* variables set:
#   LAB_PHASE=build  once, when the root filesystem is built
#   LAB_PHASE=start  at every `scripts/lab up`, inside the host's own namespaces, before sshd starts
set -euo pipefail

set_sshd() {
	sed -i -E "/^[#[:space:]]*$1[[:space:]]/Id" /etc/ssh/sshd_config
	echo "$1 $2" >>/etc/ssh/sshd_config
}

build() {
	useradd -m -s /bin/sh -c "jump host account" jump
	usermod -p '*' jump
	install -d -m 0700 -o jump -g jump /home/jump/.ssh
	printf '%s\n' "$LAB_PUBKEY" >/home/jump/.ssh/authorized_keys
	chown jump:jump /home/jump/.ssh/authorized_keys
	chmod 0600 /home/jump/.ssh/authorized_keys

	set_sshd PermitRootLogin no
	set_sshd PasswordAuthentication no
	set_sshd KbdInteractiveAuthentication no
	set_sshd X11Forwarding no
	set_sshd AllowTcpForwarding yes
	# Only towards the private side: its own inner address (a second hop) and the behind host.
	set_sshd PermitOpen "10.231.5.1:22 10.231.5.2:22"
}

start() { :; }

case ${LAB_PHASE:?} in
build) build ;;
start) start ;;
*) echo "setup.sh: unknown LAB_PHASE $LAB_PHASE" >&2; exit 2 ;;
esac
