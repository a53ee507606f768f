"""Refresh bot/sandbox/bot-api-methods.json from a Bot API api.json (default: ../shared/).

The emulator prefers ../shared/telegram-bot-api/api.json when it is there; the bundled
methods let a fresh clone run the sandbox and the tests without it.
Usage: .venv/bin/python scripts/bundle_bot_api_spec.py [path/to/api.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.sandbox.spec import BUNDLED_SPEC, bundle, locate_spec


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else locate_spec()
    bundled = bundle(json.loads(source.read_text(encoding="utf-8")))
    BUNDLED_SPEC.write_text(json.dumps(bundled, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{BUNDLED_SPEC}: {len(bundled['methods'])} methods of {bundled['version']}")


if __name__ == "__main__":
    main()
