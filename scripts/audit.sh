#!/usr/bin/env bash
# Known vulnerabilities in the project's dependencies (pip-audit), run by CI.
# Fails on any known vulnerability. When the vulnerability databases cannot be
# reached (a machine without internet), it says so loudly and does not fail:
# the dependencies were then NOT audited, and the log shows it.
set -uo pipefail
cd "$(dirname "$0")/.."

AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  python3 -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/pip" install --quiet --upgrade pip pip-audit
fi
requirements=$(mktemp)
.venv/bin/pip freeze --exclude-editable > "$requirements"
output=$("$AUDIT_VENV/bin/pip-audit" --requirement "$requirements" --progress-spinner off --no-deps 2>&1)
status=$?
rm -f "$requirements"
echo "$output"
if echo "$output" | grep -qE "Found [0-9]+ known vulnerabilit"; then
  echo "pip-audit: known vulnerabilities found (above)." >&2
  exit 1
fi
if [ $status -ne 0 ] && ! echo "$output" | grep -qiE "ConnectionError|Failed to resolve|could not be audited"; then
  echo "pip-audit failed (exit $status) for a reason other than the network (above)." >&2
  exit 1
fi
audited=$(echo "$output" | grep -c "could not be audited" || true)
if echo "$output" | grep -qiE "ConnectionError|Failed to resolve" || [ "$audited" -gt 0 ]; then
  echo "WARNING: pip-audit could not reach the vulnerability data for $audited package(s)" \
       "(no access to pypi.org's JSON API or osv.dev from this machine): those dependencies were NOT audited." >&2
  exit 0
fi
echo "pip-audit: no known vulnerabilities."
