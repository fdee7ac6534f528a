#!/usr/bin/env bash
# Installs tmux for kql-cli's shell tests (they drive `kql shell` in a real terminal).
# Idempotent and quiet: does nothing when tmux is already there.
set -euo pipefail
if command -v tmux >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends tmux >/dev/null
command -v tmux >/dev/null
