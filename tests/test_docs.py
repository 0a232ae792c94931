"""The documentation tells the truth about the program it documents.

- Every command has a section in docs/reference.md, headed `### aftersale COMMAND`
  (`### aftersale add customer` for a subcommand, `### aftersale` for the program
  itself), and every long option of the command (`--book`, ...) is named in that
  section, not just somewhere. `--help` is documented once, for all commands.
- Every runnable example works. A runnable example is a line starting with
  `$ aftersale ` inside a fenced block whose info string is `console`, in
  README.md or docs/*.md; the lines without `$` show what it prints and are not
  compared. An example with `--demo` runs against the demo book; when it gives
  no `--date` and the command takes one, `--date 2026-11-23` is added, the
  Monday the demo's dates are written around. Any other example runs in a new
  book made by `aftersale init` in an empty folder, which is both the current
  folder and AFTERSALE_BOOK, after the `$` lines above it in the same block.
  Each must exit 0, or the code its line states in a trailing `# exits N`,
  and none may end in an uncaught exception or print a traceback.
- Every relative link in README.md and docs/*.md points to a file that exists,
  and a `#fragment` to a heading of that file.
- README.md stays a short introduction: under 10 KB.
"""

from __future__ import annotations

import re
import shlex
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from aftersale.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
REFERENCE = ROOT / "docs" / "reference.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
DEMO_DATE = "2026-11-23"


def _in_code(page: Path) -> set[int]:
    """Numbers of the lines inside fenced blocks (of any kind), fences included."""
    inside: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if fence is None:
            opening = re.match(r"^(```+)", line)
            if opening:
                fence = opening.group(1)
                inside.add(number)
        else:
            inside.add(number)
            if line.rstrip() == fence:
                fence = None
    return inside


# --- every command and option is in the reference ---------------------------------


def _tree() -> dict[str, Any]:
    """Every command and group, by its full name, with the program itself."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        found[" ".join(["aftersale", *path])] = command
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


TREE = _tree()
# What a user can run: the program itself (for --version) and every command that is no group.
COMMANDS = {
    name: command
    for name, command in TREE.items()
    if name == "aftersale" or not getattr(command, "commands", None)
}


def _long_options(command: Any) -> list[str]:
    names = [name for param in command.params for name in (*param.opts, *param.secondary_opts)]
    return [name for name in names if name.startswith("--") and name != "--help"]


def _sections(page: Path) -> dict[str, str]:
    """The text under each `### aftersale ...` heading, up to the next heading of level 1-3."""
    sections: dict[str, str] = {}
    current: str | None = None
    code = _in_code(page)
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        heading = None if number in code else re.match(r"^(#{1,3}) (.*)$", line)
        if heading:
            title = heading.group(2).strip()
            current = title if heading.group(1) == "###" and title.startswith("aftersale") else None
            if current is not None:
                sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return sections


SECTIONS = _sections(REFERENCE)


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def test_the_reference_documents_every_command_of_the_program() -> None:
    assert len(COMMANDS) > 20
    assert sorted(set(COMMANDS) - set(SECTIONS)) == []


def test_the_reference_documents_no_command_that_does_not_exist() -> None:
    assert sorted(set(SECTIONS) - set(COMMANDS)) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_of_every_command_is_documented_in_the_reference(name: str) -> None:
    section = SECTIONS.get(name)
    assert section is not None, f"docs/reference.md has no section '### {name}'"
    missing = [option for option in _long_options(COMMANDS[name]) if not _names(section, option)]
    assert missing == [], f"'### {name}' in docs/reference.md does not name {missing}"


# --- every example runs ------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    command: str
    before: tuple[str, ...]  # the `$` lines above it in the same block

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _examples() -> list[Example]:
    found: list[Example] = []
    for page in PAGES:
        fence: str | None = None
        console = False
        block: list[str] = []
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if fence is None:
                opening = re.match(r"^(```+)\s*(\S*)", line)
                if opening:
                    fence, console, block = opening.group(1), opening.group(2) == "console", []
            elif line.rstrip() == fence:
                fence = None
            elif console and line.startswith("$ aftersale"):
                command = line[2:]
                found.append(Example(page, number, command, tuple(block)))
                block.append(command)
    return found


EXAMPLES = _examples()


def _expected_exit(command: str) -> int:
    stated = re.search(r"#\s*exits\s+(\d+)\s*$", command)
    return int(stated.group(1)) if stated else 0


def _command_of(words: list[str]) -> str:
    """The command a line of arguments runs: `aftersale add customer` for `add customer X`."""
    name = "aftersale"
    for word in words:
        if f"{name} {word}" not in TREE:
            break
        name = f"{name} {word}"
    return name


def _arguments(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    assert words[0] == "aftersale"
    words = words[1:]
    dated = any(word == "--date" or word.startswith("--date=") for word in words)
    if "--demo" in words and not dated and "--date" in _long_options(TREE[_command_of(words)]):
        words += ["--date", DEMO_DATE]
    return words


def _run(command: str, book: Path) -> None:
    result = CliRunner().invoke(
        app,
        _arguments(command),
        env={"AFTERSALE_BOOK": str(book), "COLUMNS": "100", "NO_COLOR": "1"},
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{command!r} raised:\n{trace}")
    assert "Traceback (most recent call last)" not in result.output, result.output
    assert result.exit_code == _expected_exit(command), (
        f"{command!r} exited {result.exit_code}:\n{result.output}"
    )


def test_every_command_has_a_runnable_example_but_import_which_needs_an_export_file() -> None:
    shown = {_command_of(_arguments(example.command)) for example in EXAMPLES}
    assert sorted(set(COMMANDS) - shown) == ["aftersale import"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_every_example_in_the_docs_runs_as_written(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "book"
    if "--demo" not in shlex.split(example.command, comments=True):
        result = CliRunner().invoke(app, ["init", str(book)])
        assert result.exit_code == 0, result.output
    else:
        book.mkdir()
    monkeypatch.chdir(book)
    for earlier in example.before:
        _run(earlier, book)
    _run(example.command, book)


# --- links and size ----------------------------------------------------------------


def _anchors(page: Path) -> set[str]:
    """The fragments GitHub gives the headings of a page."""
    anchors: set[str] = set()
    code = _in_code(page)
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        heading = re.match(r"^#{1,6} (.*)$", line)
        if heading and number not in code:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    return anchors


def _links() -> list[tuple[Path, int, str]]:
    found: list[tuple[Path, int, str]] = []
    for page in PAGES:
        code = _in_code(page)
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if number in code:
                continue
            for target in re.findall(r"\]\(([^)\s]+)\)", line):
                if not re.match(r"^[a-z]+:", target):
                    found.append((page, number, target))
    return found


LINKS = _links()


def test_the_readme_links_to_every_page_in_docs() -> None:
    linked = {(README.parent / t.split("#")[0]).resolve() for p, _, t in LINKS if p == README}
    assert sorted(p.name for p in PAGES[1:] if p.resolve() not in linked) == []


@pytest.mark.parametrize(
    ("page", "line", "target"), LINKS, ids=[f"{p.relative_to(ROOT)}:{n}" for p, n, _ in LINKS]
)
def test_every_relative_link_in_the_docs_points_to_a_file_that_exists(
    page: Path, line: int, target: str
) -> None:
    path, _, fragment = target.partition("#")
    file = (page.parent / path).resolve() if path else page
    assert file.exists(), f"{page.name}:{line}: {target} names no file"
    if fragment and file.suffix == ".md":
        assert fragment in _anchors(file), f"{page.name}:{line}: {file.name} has no #{fragment}"


def test_the_readme_is_a_short_introduction_under_ten_kilobytes() -> None:
    assert len(README.read_bytes()) < 10_240
