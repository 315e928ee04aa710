"""`python -m store.migrations upgrade|current|revision` against WARMLINE_DATABASE_URL."""

from __future__ import annotations

import argparse
import asyncio
import sys

from alembic import command

from store.engine import create_engine
from store.migrations import alembic_config, upgrade
from warmline.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m store.migrations")
    sub = p.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upgrade", help="upgrade the store to a revision (default head)")
    up.add_argument("revision", nargs="?", default="head")
    sub.add_parser("current", help="show the store's revision")
    rev = sub.add_parser("revision", help="autogenerate a migration from store/tables.py")
    rev.add_argument("-m", "--message", required=True)
    args = p.parse_args(argv)
    url = get_settings().db_url
    if args.cmd == "upgrade":
        engine = create_engine(url)

        async def run() -> None:
            try:
                await upgrade(engine, args.revision)
            finally:
                await engine.dispose()

        asyncio.run(run())
    elif args.cmd == "current":
        command.current(alembic_config(url), verbose=True)
    else:
        command.revision(alembic_config(url), message=args.message, autogenerate=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
