#!/usr/bin/env bash
# Tools for the archives tests (issue 9): the Azurite Blob Storage emulator (npm package
# `azurite`), which kql-cli's blob tests start on 127.0.0.1. Idempotent and quiet.
set -euo pipefail
if ! command -v azurite-blob >/dev/null 2>&1; then
    if ! command -v npm >/dev/null 2>&1; then
        apt-get update -qq >/dev/null && apt-get install -y -qq nodejs npm >/dev/null
    fi
    npm install -g azurite --silent --no-fund --no-audit >/dev/null
fi
