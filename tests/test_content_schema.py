"""The typed content schema: each kind of broken content fails `bot check` fast, in one line naming
file and field, never with a traceback, and a running bot keeps serving the old content."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.loader import ContentError, build_snapshot
from bot.store import ContentStore
from tests.test_cli import cli

SOURCES = "seeds/sources.toml"
# (file, old text, new text, the one line `bot check` must print)
BROKEN = {
    "impossible date": (SOURCES, 'date = "2008-08-21"', 'date = "2026-02-30"',
                        "seeds/sources.toml:72: article nz-herald: date: day is out of range for month"),
    "date not a date": (SOURCES, 'date = "2008-08-21"', 'date = "21/08/2008"',
                        "seeds/sources.toml:72: article nz-herald: date: must be a date written YYYY-MM-DD"),
    "list where a string belongs": ("intents/funding.toml", 'name = "funding"', 'name = ["a"]',
                                    "intents/funding.toml: intent: name: must be a string, not a list"),
    "list as an article id": (SOURCES, 'id = "nz-herald"', 'id = ["nz-herald"]',
                              "seeds/sources.toml: article 5: id: must be a string, not a list"),
    "number as a fact text": ("seeds/facts/nz-herald.toml", "text = ", "text = 12\nold_text = ",
                              "fact {id}: text: must be a string, not a number"),
    "article file outside the content": (SOURCES, 'file = "articles/004_9190c92ad546145d.txt"',
                                         'file = "../../../../../../etc/hostname"',
                                         "seeds/sources.toml:72: article nz-herald: file: must be inside the content folder"),
    "url with markdown": (SOURCES, 'url = "https://nzherald.co.nz/nz/family-at-war-with-cancer/4L4NLYCW5UA3NQDOQZGKAUY66Y"',
                          'url = "https://nzherald.co.nz/x)[click](https://evil.example"',
                          "seeds/sources.toml:72: article nz-herald: url: must be a plain address: no spaces, quotes, brackets or Markdown"),
    "url without host": (SOURCES, 'url = "https://nzherald.co.nz/nz/family-at-war-with-cancer/4L4NLYCW5UA3NQDOQZGKAUY66Y"',
                         'url = "https:///nz/family"', "seeds/sources.toml:72: article nz-herald: url: must be an http(s) address with a host"),
    "javascript url": (SOURCES, 'url = "https://nzherald.co.nz/nz/family-at-war-with-cancer/4L4NLYCW5UA3NQDOQZGKAUY66Y"',
                       'url = "javascript:alert(1)"', "seeds/sources.toml:72: article nz-herald: url: must be an http(s) address with a host"),
    "further reading url": (SOURCES, 'url = "https://www.ucl.ac.uk/news/2008/aug/pioneering-cancer-treatment-successfully-trialled"',
                            'url = "data:text/html,hi"', "seeds/sources.toml:72: article nz-herald: further_reading.1.url: must be an http(s) address with a host"),
    "wrong precision": (SOURCES, 'date_precision = "month"', 'date_precision = "week"',
                        "seeds/sources.toml:72: article nz-herald: date_precision: must be one of day, month, approximate; got 'week'"),
}  # fmt: skip


def break_content(content: Path, kind: str) -> str:
    file, old, new, line = BROKEN[kind]
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (kind, old)
    if "{id}" in line:
        fact_id = text[text.index('id = "') + 6 :].split('"')[0]
        line = line.replace("{id}", fact_id)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_check_names_file_and_field_in_one_line(content: Path, kind: str) -> None:
    expected = break_content(content, kind)
    started = time.monotonic()
    done = cli("check", "--content", str(content))
    assert time.monotonic() - started < 10
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    problems = [line.strip() for line in done.stdout.splitlines()[1:]]
    assert problems and problems[0].endswith(expected), problems
    assert all("\n" not in p for p in problems)


@pytest.mark.parametrize(
    "kind", ["impossible date", "list where a string belongs", "article file outside the content"]
)
def test_ask_with_broken_content_exits_1_without_a_traceback(content: Path, kind: str) -> None:
    expected = break_content(content, kind)
    done = cli("ask", "--content", str(content), "who was the first patient?")
    assert done.returncode == 1 and "Traceback" not in done.stderr and expected in done.stderr


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_running_bot_keeps_the_old_content(content: Path, kind: str) -> None:
    store = ContentStore(content)
    before = store.snapshot
    break_content(content, kind)
    result = store.reload()
    assert not result.ok and store.snapshot is before


def test_article_symlinked_out_of_the_content_is_refused(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    article = content / "seeds/articles/004_9190c92ad546145d.txt"
    outside.write_bytes(article.read_bytes())
    article.unlink()
    article.symlink_to(outside)
    with pytest.raises(ContentError) as caught:
        build_snapshot(content)
    assert str(caught.value.problems[0]) == (
        "seeds/sources.toml:72: article nz-herald: file: must be inside the content folder"
    )


def test_symlink_inside_the_content_is_fine(content: Path) -> None:
    article = content / "seeds/articles/004_9190c92ad546145d.txt"
    moved = content / "seeds/articles/moved.txt"
    article.rename(moved)
    article.symlink_to(moved)
    assert build_snapshot(content).articles["nz-herald"].text


def test_unreadable_file_is_one_line(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = content / "intents/funding.toml"
    if os.geteuid() != 0:
        target.chmod(0)
    else:  # root reads anything: make reading this one file fail as it would for another user
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == target:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(ContentError) as caught:
        build_snapshot(content)
    assert [str(p) for p in caught.value.problems] == [
        "intents/funding.toml: cannot read the file: Permission denied"
    ]
