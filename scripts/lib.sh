# Shared by scripts/start and scripts/test: find Python 3.11 and keep .venv in step with pyproject.toml.

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Vredvakt needs Python 3.11 (python3.11 or python3 on PATH)." >&2
  return 1
}

# ensure_venv [extras]: create .venv and install the project (with extras, e.g. "dev")
# whenever pyproject.toml changed since the last install.
ensure_venv() {
  local extras="${1:-}" python spec stamp
  python=$(find_python)
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  spec="."
  [ -n "$extras" ] && spec=".[$extras]"
  stamp=".venv/.installed-${extras:-base}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Vredvakt${extras:+ with $extras tools} into .venv …"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e "$spec"
    touch "$stamp"
  fi
}
