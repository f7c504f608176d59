"""Every command is documented and answers --help (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from pathlib import Path

import typer.main
from typer.testing import CliRunner

from bilateral.cli import app


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path)
        else:
            yield path, cmd


def test_every_command_has_help_text():
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    runner = CliRunner()
    found = list(_commands(root))
    assert found, "no commands registered"
    for path, cmd in found:
        assert cmd.help, f"bilateral {' '.join(path)} has no help text"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output


def test_ci_runs_exactly_the_readmes_test_command():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text("utf-8").splitlines()
    block = readme[readme.index("```bash") + 1 : readme.index("```", readme.index("```bash") + 1)]
    assert len(block) == 2, "the README's first block holds exactly the two commands"
    commands = [
        line
        for line in (root / ".ci" / "run").read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert block[1] in commands
    assert commands[-1] == block[1]
