# Shared by scripts/start and scripts/test: find Python 3.11 and keep .venv in step with the lock files.

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

# ensure_venv [extras]: create .venv and install the locked dependencies
# (requirements/dev.txt for "dev", requirements/base.txt without extras), then the
# project itself, whenever the lock file or pyproject.toml changed since the last
# install. The stamp holds their checksum, so an unchanged checkout installs nothing.
ensure_venv() {
  local extras="${1:-}" python lock stamp state
  python=$(find_python)
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  lock="requirements/${extras:-base}.txt"
  stamp=".venv/.installed-${extras:-base}"
  state=$(cat "$lock" pyproject.toml | sha256sum)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$state" ]; then
    echo "Installing Vredvakt${extras:+ with $extras tools} into .venv …"
    # Every package from the lock, hash-checked; then the project without
    # resolving anything, built by the locked setuptools (whose warning about
    # folders named like the package means this very checkout: silenced).
    .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
    PYTHONWARNINGS="ignore:Editable installation" \
      .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
    echo "$state" >"$stamp"
  fi
}
