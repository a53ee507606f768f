#!/usr/bin/env bash
# Known vulnerabilities in exactly what production installs: requirements.lock (pinned, with
# hashes), checked by pip-audit against PyPI's vulnerability data (or OSV's with
# AUDIT_SERVICE=osv). Exit codes, so that nobody mistakes "not checked" for "clean":
#   0  every package audited, no known vulnerability
#   1  a known vulnerability (listed above), or pip-audit failed for another reason
#   3  NOT AUDITED: the vulnerability data could not be reached for some or all packages
#      (a machine without that access); the log says how many
# SECURITY.md ("Dependencies") says where and how the audit runs for real.
set -uo pipefail
cd "$(dirname "$0")/.."

LOCK=${LOCK:-requirements.lock}
SERVICE=${AUDIT_SERVICE:-pypi}
AUDIT_VENV=${AUDIT_VENV:-.venv-audit}
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  python3 -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/pip" install --quiet --upgrade pip pip-audit
fi
packages=$(grep -cE '^[A-Za-z0-9_.-]+==' "$LOCK")
# --disable-pip: the lock is complete and hashed, nothing is installed to audit it.
output=$("$AUDIT_VENV/bin/pip-audit" --requirement "$LOCK" --disable-pip --no-deps \
  --vulnerability-service "$SERVICE" --progress-spinner off 2>&1)
status=$?
echo "$output"
if echo "$output" | grep -qE "Found [0-9]+ known vulnerabilit"; then
  echo "pip-audit: known vulnerabilities found (above)." >&2
  exit 1
fi
unaudited=$(echo "$output" | grep -c "could not be audited" || true)
if echo "$output" | grep -qiE "ConnectionError|Failed to resolve|Max retries|timed out"; then
  unaudited=$packages
fi
if [ "$unaudited" -gt 0 ]; then
  echo "NOT AUDITED: $unaudited of $packages packages of $LOCK could not be checked: the vulnerability" \
       "data ($SERVICE) cannot be reached from this machine. Run the audit where it can (SECURITY.md)." >&2
  exit 3
fi
if [ $status -ne 0 ]; then
  echo "pip-audit failed (exit $status) for a reason other than the network (above)." >&2
  exit 1
fi
echo "pip-audit: $packages packages of $LOCK audited, no known vulnerability."
