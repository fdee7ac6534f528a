#!/usr/bin/env bash
# Installs what kql-chart's browser tests need: Debian's headless Chromium.
# Idempotent and quiet: does nothing when chromium is already there.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" chromium chromium
