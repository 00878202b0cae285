"""Playbooks of the Ansible path, installed as package data (auditor_playbooks): see README.md."""
