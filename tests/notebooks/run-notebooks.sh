#!/usr/bin/env bash
# Runs every notebook in notebooks/ headless with Debian's Jupyter packages (nbclient, ipykernel,
# pandas, matplotlib under /usr/bin/python3) and fails if a cell raises or a notebook shows no figure.
# migsim reaches the notebooks through MIGSIM: as given (the test suite passes the build it tests),
# else built here once (Release).
# Exit 3: the Python packages are missing (./test.sh installs them; see notebooks/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
py=/usr/bin/python3
if ! "$py" -c 'import nbclient, nbformat, ipykernel, pandas, matplotlib' 2>/dev/null; then
  echo "missing: Debian's python3-nbclient python3-ipykernel python3-pandas python3-matplotlib (./test.sh installs them)"
  exit 3
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PYDEVD_DISABLE_FILE_VALIDATION=1
if [ -z "${MIGSIM:-}" ]; then
  dotnet build -c Release -v q src/MigrationSim.Cli >/dev/null
  export MIGSIM="dotnet $PWD/src/MigrationSim.Cli/bin/Release/net10.0/migsim.dll"
fi
exec "$py" tests/notebooks/run_notebooks.py "$@"
