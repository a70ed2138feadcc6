"""How a command is declared (``checker.commands``): its module names its help,
description, arguments and run; ``checker.commands.add_command`` makes the parser."""

from __future__ import annotations

import importlib

import pytest

from checker.cli import COMMANDS, build_parser


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_module_declares_what_add_command_reads(name):
    module = importlib.import_module(f"checker.commands.{name}")
    assert isinstance(module.HELP, str) and module.HELP and "\n" not in module.HELP
    assert isinstance(module.DESCRIPTION, str) and module.DESCRIPTION.endswith(".")
    assert callable(module.arguments) and callable(module.run)
    assert not hasattr(module, "register"), "registration is add_command's"


@pytest.mark.parametrize("name", COMMANDS)
def test_the_parser_shows_what_the_module_declares_and_runs_its_run(name, capsys):
    module = importlib.import_module(f"checker.commands.{name}")
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["-h"])
    listing = " ".join(capsys.readouterr().out.split())
    assert f"{name} {module.HELP}" in listing
    with pytest.raises(SystemExit):
        parser.parse_args([name, "-h"])
    assert " ".join(module.DESCRIPTION.split()) in " ".join(capsys.readouterr().out.split())
    required = {"explain": ["c-1", "a.txt"], "check": ["a.txt"]}.get(name, [])
    assert build_parser(name).parse_args([name, *required]).func is module.run
