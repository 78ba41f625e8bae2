#!/usr/bin/env bash
# Regenerates the committed 3-AZ fixtures: raw moto export (real aws CLI) and the enriched copies in
# CLI v1 (epoch floats) and CLI v2 (ISO 8601, -05:00) styles. Run from anywhere; needs moto + awscli.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/..
rm -rf "$fixtures/moto-3az" "$fixtures/deployment-3az" "$fixtures/deployment-3az-iso"
"$here/moto-export.sh" "$fixtures/moto-3az"
rm -f "$fixtures/moto-3az.seed.json"
python3 "$here/enrich.py" "$fixtures/moto-3az" "$fixtures/deployment-3az"
python3 "$here/enrich.py" "$fixtures/moto-3az" "$fixtures/deployment-3az-iso" --iso -300
