#!/usr/bin/env bash
# Installs tmux for kql-cli's shell tests (they drive `kql shell` in a real terminal).
# Idempotent and quiet: does nothing when tmux is already there.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" tmux tmux
