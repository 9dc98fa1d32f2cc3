#!/usr/bin/env bash
# Runs every notebook in notebooks/ headless with dotnet-repl and fails if one fails or writes an
# error output. Installs dotnet-repl 0.3.259 (a .NET global tool, from NuGet) when it is missing.
# Each notebook's figure goes to a temporary folder; nothing in the repository is written.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:${DOTNET_TOOLS:-$HOME/.dotnet/tools}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v dotnet-repl >/dev/null 2>&1; then
  echo "installing dotnet-repl 0.3.259 (dotnet tool install -g)"
  dotnet tool install -g dotnet-repl --version 0.3.259 >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  start=$(date +%s)
  if MIGSIM_NOTEBOOK_OUT="$out/$name.png" timeout 240 dotnet-repl --run "$nb" --exit-after-run \
       --output-format ipynb --output-path "$out/$name.out.ipynb" >"$out/$name.log" 2>&1 \
     && ! grep -q '"output_type": *"error"' "$out/$name.out.ipynb" \
     && [ -s "$out/$name.png" ]; then
    echo "notebook $nb: ok ($(($(date +%s) - start)) s, figure $(stat -c %s "$out/$name.png") bytes)"
  else
    echo "notebook $nb: FAILED ($(($(date +%s) - start)) s)"
    tail -n 40 "$out/$name.log" || true
    [ -f "$out/$name.out.ipynb" ] && grep -A5 '"output_type": *"error"' "$out/$name.out.ipynb" | head -40 || true
    status=1
  fi
done
exit $status
