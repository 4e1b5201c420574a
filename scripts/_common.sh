# Shared by setup.sh and test.sh: Debian packages and the virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

apt_install() {
  # Install the Debian packages that are missing (as root, or with sudo).
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_venv() {
  # $1: pip extras, e.g. "[dev]"
  if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
  fi
  local stamp=".venv/.installed$1"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "==> installing Python packages$1"
    .venv/bin/pip install -q --upgrade pip >/dev/null
    .venv/bin/pip install -q -e ".$1"
    touch "$stamp"
  fi
  # The editable install leaves the project's own modules uncompiled, and where PYTHONDONTWRITEBYTECODE
  # is set no run writes their bytecode either, so each `python -m ocr FILE` would compile ~30 modules
  # again (~0.15 s a file). Python still reads bytecode written here, and recompiles an edited module.
  .venv/bin/python -m compileall -q app ocr workflow >/dev/null
}

# Runtime needs: Tesseract's Korean model and its Hangul script model (OCR) and Korean fonts
# (statement PDFs, samples; the Un and Baekmuk faces widen the generated set: sample_receipts/widened.py).
OCR_DEBS=(tesseract-ocr tesseract-ocr-kor tesseract-ocr-script-hang fonts-nanum fonts-unfonts-core
          fonts-baekmuk)
