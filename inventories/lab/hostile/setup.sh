#!/bin/bash
# Lab host "hostile" (scripts/lab hostile): nothing to set up but the log of what it harvests.
set -eu
mkdir -p -m 0700 /var/log/auditor-hostile
