#!/usr/bin/env bash
# The gate, run by CI before the tests (and by `make lint`): the formatter, the linter and
# the type checker, with the settings of pyproject.toml. Fails on any finding.
#   ruff format --check   one layout, no diff left to apply
#   ruff check            the rule set of [tool.ruff.lint] (why each rule and exception: there)
#   mypy                  bot/ and handlers/ ([tool.mypy] files), warn_unused_ignores: every
#                         `# type: ignore[code]` left is still needed and says why on its line
# The tools come from the venv (the `test` extra pins them); RUFF and MYPY override the paths.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
RUFF=${RUFF:-$BIN/ruff}
MYPY=${MYPY:-$BIN/mypy}

failed=()
step() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then
    failed+=("$name")
  fi
}
step "ruff format --check" "$RUFF" format --check .
step "ruff check" "$RUFF" check .
step "mypy" "$MYPY"

if [ ${#failed[@]} -gt 0 ]; then
  summary=$(printf '%s, ' "${failed[@]}")
  echo "The gate failed: ${summary%, } (above). To fix: ruff format . && ruff check --fix . then read mypy's findings." >&2
  exit 1
fi
echo "The gate passed: formatted, lint-clean, type-clean."
