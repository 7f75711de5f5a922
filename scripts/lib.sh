# Shared by scripts/start and scripts/test: find Python 3.11 and keep .venv in step with the lock files.

# The Python 3.11 that builds .venv: VREDVAKT_PYTHON if set, else the operating
# system's own python3.11, else python3.11 or python3 on PATH. Debian's and Ubuntu's
# python3.11 is linked statically and built with profile-guided optimisation; one
# built by pyenv with its defaults (a shared libpython, no --enable-optimizations)
# ran plain Python about a third slower on the 2-core machine and the whole test
# command a fifth more CPU (bench/interpreters.py, docs/performance.md, #11).
# A candidate must be able to make a virtualenv (Debian: the python3.11-venv package).
find_python() {
  local candidates=(/usr/bin/python3.11 python3.11 python3)
  [ -n "${VREDVAKT_PYTHON:-}" ] && candidates=("$VREDVAKT_PYTHON")
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Vredvakt needs Python 3.11 with venv (${candidates[*]}; set VREDVAKT_PYTHON to choose)." >&2
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
