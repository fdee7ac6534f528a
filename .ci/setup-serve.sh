#!/usr/bin/env bash
# Installs the real Kusto clients that `kql serve`'s tests drive (crates/kql-cli/tests/serve.rs):
# the `azure-kusto-data` Python package (with pandas and pytest) in a virtual environment and the
# `azure-kusto-data` npm package in a folder of its own. Idempotent and quiet; the tests find
# both under $KQLAKE_SERVE_TOOLS (default ~/.cache/kqlake-serve).
set -euo pipefail
tools="${KQLAKE_SERVE_TOOLS:-${HOME}/.cache/kqlake-serve}"
mkdir -p "$tools"

if ! "$tools/venv/bin/python" -c 'import azure.kusto.data, pandas, pytest' >/dev/null 2>&1; then
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
        'azure-kusto-data[pandas]>=5,<7' pytest
fi

if [ ! -f "$tools/node/node_modules/azure-kusto-data/package.json" ]; then
    mkdir -p "$tools/node"
    (cd "$tools/node" && npm install --silent --no-audit --no-fund --no-save azure-kusto-data@7 >/dev/null)
fi
echo "kql serve clients: $("$tools/venv/bin/python" -c 'import importlib.metadata as m; print("python azure-kusto-data", m.version("azure-kusto-data"))'), node azure-kusto-data $(node -p "require('$tools/node/node_modules/azure-kusto-data/package.json').version")"
