#!/usr/bin/env bash
# The README's test command (`make test`). On a fresh machine it installs what
# is missing, starts a throw-away PostgreSQL server and a throw-away Redis, and
# runs the whole suite on SQLite and on PostgreSQL (the two-instance test needs
# both servers). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

MISSING=()
[ -n "$(find_pg_bin)" ] || MISSING+=(postgresql)
command -v redis-server >/dev/null || MISSING+=(redis-server)
# The participation contract's PDF (bot/services/worksite/pdf.py) is set in DejaVu Sans: Latin and Arabic.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || MISSING+=(fonts-dejavu-core)
if [ ${#MISSING[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${MISSING[*]} from Debian's packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${MISSING[@]}" >/dev/null
  else
    echo "Missing ${MISSING[*]}: run 'sudo apt-get install -y ${MISSING[*]}' first." >&2
    exit 1
  fi
fi

# The browser test of the sandbox page (tests/chat_page/test_browser.py) drives Debian's
# Chromium with Playwright; Playwright's own browser download would need the internet.
# The emoji font makes the screenshots look like the phone.
BROWSER_PACKAGES=()
[ -x /usr/bin/chromium ] || BROWSER_PACKAGES+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || BROWSER_PACKAGES+=(fonts-noto-color-emoji)
if [ ${#BROWSER_PACKAGES[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${BROWSER_PACKAGES[*]} from Debian's packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${BROWSER_PACKAGES[@]}" >/dev/null
  else
    echo "Missing ${BROWSER_PACKAGES[*]}: run 'sudo apt-get install -y ${BROWSER_PACKAGES[*]}' first." >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ] || [ pyproject.toml -nt .venv/bin/ara-bot ] || [ requirements-test.lock -nt .venv/bin/ara-bot ]; then
  echo "Installing the project into .venv (dependencies from requirements-test.lock, hashes checked)…"
  "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet --require-hashes --no-deps -r requirements-test.lock
  .venv/bin/pip install --quiet --no-deps -e .
  touch .venv/bin/ara-bot
fi

# A private PostgreSQL server for this run only: its own folder, port and socket.
PG_BIN=$(find_pg_bin)
PG_DATA=$(mktemp -d /tmp/ara-test-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$PG_DATA"
  RUN_AS=(runuser -u postgres --)
fi
PG_PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U ara --no-sync -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start \
  -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
stop_pg() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}
trap stop_pg EXIT

# A private Redis for this run only: its own folder and port, nothing saved to disk.
REDIS_DIR=$(mktemp -d /tmp/ara-test-redis.XXXXXX)
REDIS_PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_servers() {
  stop_pg
  [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$REDIS_DIR"
}
trap stop_servers EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_DIR" \
  --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
for _ in $(seq 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export ARA_TEST_POSTGRES_URL="postgresql+asyncpg://ara@127.0.0.1:$PG_PORT/postgres"
export ARA_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export ARA_REQUIRE_POSTGRES=1  # in CI (and `make test`): a missing PostgreSQL or Redis is a failure
# Two workers (pytest-xdist, one per core on the CI machine): the end-to-end tests wait on
# HTTP round trips about half the time, so two processes fill the CPU that one leaves idle.
.venv/bin/python -m pytest -n "${ARA_TEST_WORKERS:-auto}" "$@"
