"""Static Ansible inventories (INI, YAML, directories, host lists) read without Ansible.

`load_inventory(path)` returns an `Inventory` of `Host`s with connection settings resolved
from Ansible's variables (`ansible_host`, `ansible_port`, `ansible_user`, `ansible_become`...)
following Ansible's precedence: see `resolve` for the order and `connection` for each setting.
Passwords are moved out of `Host.vars` into `Host.secrets`, which never appears in a repr.

Client rule. Every host belongs to exactly one client (the MSP's customer), found this way:
  1. If the host has a `client` variable (set at any level: group vars, group_vars/ files,
     host vars, host_vars/ files; the usual precedence decides), its value is the client.
  2. Otherwise the host's top-level group is its client. A top-level group is a group that
     is not a child of any group other than `all`, and is not `ungrouped`. A host in exactly
     one top-level group (directly or through child groups) belongs to that group's client.
  3. A host in several top-level groups and with no `client` variable is an error: "host X is
     in several top-level groups (a, b); set a `client` variable".
  4. A host in no top-level group (an ungrouped host) belongs to the client "default".
"""

from __future__ import annotations

from auditor.inventory.loader import load_inventory
from auditor.inventory.model import Host, Inventory, Secrets

__all__ = ["Host", "Inventory", "Secrets", "load_inventory"]
