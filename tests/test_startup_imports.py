"""Start-up imports what the first update needs, not the rest: charts, spreadsheets, calendar
files, migrations and the Redis client are loaded when first used (issue 19, item 4).

Checked in a fresh interpreter that builds the dispatcher as `ara-bot run` does."""

from __future__ import annotations

import json
import subprocess
import sys

LAZY = ("matplotlib", "openpyxl", "icalendar", "alembic", "redis", "arabic_reshaper", "bidi")

BUILD = """
import json, sys
from bot.app import create_dispatcher
from bot.config import load_settings
from bot.db import create_engine, create_sessionmaker
settings = load_settings(_env_file=None, bot_token="123456789:" + "A" * 35, database_url="sqlite+aiosqlite:///:memory:")
create_dispatcher(settings, create_sessionmaker(create_engine(settings.database_url)), run_scheduler=False)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_building_the_bot_leaves_the_heavy_libraries_unloaded():
    done = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, check=True, timeout=300)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "aiogram" in loaded and "bot" in loaded  # the probe did build the bot
    assert sorted(loaded & set(LAZY)) == []
