#!/usr/bin/env bash
# Build eipgeo's wheel, install it into a fresh virtual environment in an empty folder
# outside the repository, run `eipgeo parks` and `eipgeo demo --out maps` there, and
# check that the figures equal those of a reference demo folder (default: the repo's maps/);
# then make a park of one's own from the example inputs in the wheel and run it.
#   usage: bash tools/wheel_smoke.sh [REFERENCE_MAPS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
reference="$(cd "${1:-$repo/maps}" && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "wheel smoke test in $work"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$repo"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet "$work"/dist/eipgeo-*.whl
mkdir "$work/empty"
cd "$work/empty"
unset EIPGEO_DATA_DIR
"$work/venv/bin/eipgeo" parks
"$work/venv/bin/eipgeo" demo --out maps
"$work/venv/bin/python" "$repo/tools/compare_demo.py" "$reference" maps
# Your own park from the installed wheel alone: the tutorial's example inputs ship in it.
example="$("$work/venv/bin/python" -c 'from eipgeo.data import EXAMPLES_DIR; print(EXAMPLES_DIR / "own_park")')"
"$work/venv/bin/eipgeo" park new my-park --boundary "$example/bien_hoa_2_boundary.geojson" \
  --enterprises "$example/bien_hoa_2_tenants_vi.csv"
"$work/venv/bin/eipgeo" run my-park/scenarios/baseline.yaml --out runs --quiet
test -s runs/baseline/my-park/report.html
echo "wheel smoke test passed: $(du -sh "$work"/dist/eipgeo-*.whl | cut -f1) wheel"
