"""`stride`: the command line. Each subcommand is a thin entry into the composition root."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence


def _run(argv: Sequence[str]) -> int:
    from stride.run import run

    return run(list(argv))


def _db(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="stride db", description="database schema")
    parser.add_argument("action", choices=["upgrade"], help="upgrade: apply every migration")
    parser.parse_args(list(argv))
    from storage.migrate import upgrade
    from stride.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _lazy(module: str) -> Callable[[Sequence[str]], int]:
    def call(argv: Sequence[str]) -> int:
        import importlib

        main: Callable[[list[str]], int] = importlib.import_module(module).main
        return main(list(argv))

    return call


SUBCOMMANDS: dict[str, tuple[Callable[[Sequence[str]], int], str]] = {
    "run": (_run, "run the bot (polling, or webhook when STRIDE_MODE=webhook)"),
    "demo": (_lazy("stride.demo"), "chat with the bot in the terminal, no token needed"),
    "db": (_db, "database schema: `stride db upgrade`"),
    "plan": (_lazy("stride.cli_plan"), "print a whole plan for an athlete file"),
    "paces": (_lazy("stride.cli_paces"), "print VDOT, race predictions and training paces"),
    "parse": (_lazy("stride.cli_parse"), "print what the coach understood from one message"),
    "simulate": (
        _lazy("stride.cli_simulate"),
        "play an athlete for weeks, write a coaching report",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args[0] not in SUBCOMMANDS:
        print("usage: stride <command> [options]\n\ncommands:")
        for name, (_, text) in SUBCOMMANDS.items():
            print(f"  {name:<8} {text}")
        return 0 if not args or args[0] in {"-h", "--help"} else 2
    handler, _ = SUBCOMMANDS[args[0]]
    return handler(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
