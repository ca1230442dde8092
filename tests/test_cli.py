"""The command line: check, ask, the JSON batch contract, chat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BATCH_KEYS = {"kind", "triage", "answered", "intent", "therapy", "confidence", "text", "sources", "notice"}


def cli(
    *args: str, stdin: str = "", env: dict | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


def test_check_prints_a_summary_and_exits_0() -> None:
    done = cli("check")
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout and "facts" in done.stdout


def test_check_json_counts() -> None:
    done = cli("check", "--json")
    summary = json.loads(done.stdout)
    assert summary["errors"] == [] and summary["facts"] >= 80 and summary["articles"] == 5


def test_check_lists_every_problem_and_exits_1(content: Path) -> None:
    (content / "intents/cost.toml").write_bytes(b"\xff")
    (content / "responses/answer.md.j2").write_text("{% if %}", encoding="utf-8")
    done = cli("check", "--content", str(content), "--json")
    assert done.returncode == 1
    errors = json.loads(done.stdout)["errors"]
    assert any(e.startswith("intents/cost.toml") for e in errors)
    assert "Traceback" not in done.stderr


def test_check_reads_content_dir_from_the_environment(content: Path) -> None:
    (content / "intents/cost.toml").write_bytes(b"")
    import os

    done = cli("check", env={**os.environ, "CONTENT_DIR": str(content)})
    assert done.returncode == 1 and "intents/cost.toml" in done.stdout


def test_ask_prints_the_reply_with_link_and_notice() -> None:
    done = cli("ask", "who was the first patient to get becar7?")
    assert done.returncode == 0
    assert "Alyssa" in done.stdout
    assert "https://" in done.stdout and "Not medical advice" in done.stdout


def test_batch_contract_one_object_per_line_in_order() -> None:
    lines = [
        "what is ucart19",
        json.dumps({"text": "tell me about BE-CAR7", "conversation": "a"}),
        "{not json",
        json.dumps({"text": "how old was she?", "conversation": "a"}),
        json.dumps({"conversation": "b"}),
        "how old was she?",
    ]
    done = cli("ask", "--json", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    assert set(out[0]) == BATCH_KEYS and out[0]["therapy"] == "UCART19"
    assert "error" in out[2] and "error" in out[4]
    assert out[3]["therapy"] == "BE-CAR7" and "13" in out[3]["text"]  # context carried in conversation "a"
    assert out[5]["therapy"] is None  # a plain line is its own conversation: every therapy
    for reply in (out[0], out[1], out[3]):
        assert reply["notice"] in reply["text"]
        assert reply["sources"] and all(s["url"] in reply["text"] for s in reply["sources"])
        assert set(reply["sources"][0]) == {"title", "publisher", "date", "url"}


def test_chat_answers_lines_until_eof() -> None:
    done = cli("chat", stdin="tell me about tank cells\nwho was the first patient?\n")
    assert done.returncode == 0
    assert "Joanne" in done.stdout


def test_bad_setting_is_one_clear_line() -> None:
    import os

    done = cli("check", env={**os.environ, "COOLDOWN_SECONDS": "-3"})
    assert done.returncode == 2
    assert done.stderr.strip() == "Configuration error: COOLDOWN_SECONDS must be at least 0, got -3"


def test_eval_reports_accuracy_and_fails_below_min(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "what is tank",
                "expect": {"kind": "answer", "intent": "what_is", "therapy": "TaNK"},
            }
        )
        + "\n"
        + json.dumps({"id": "b", "text": "what is tank", "expect": {"kind": "fallback"}})
        + "\n",
        encoding="utf-8",
    )
    done = cli("eval", str(cases), "--min", "0.9")
    assert done.returncode == 1
    assert "Accuracy: 0.500 (1/2 questions)" in done.stdout
    assert "By reply kind:" in done.stdout and "By intent:" in done.stdout and "[b]" in done.stdout
    assert cli("eval", str(cases), "--min", "0.5").returncode == 0


def test_eval_names_a_malformed_case(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"text": "hi"}\n', encoding="utf-8")
    done = cli("eval", str(cases))
    assert done.returncode == 2 and "cases.jsonl:1" in done.stderr and "Traceback" not in done.stderr


def test_bench_prints_its_figures() -> None:
    done = cli("bench", "--scale", "1", "--questions", "300")
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.strip().splitlines()[-2:]
    assert "p50 ms" in header and "p99 ms" in header and "reload s" in header and "peak MB" in header
    assert "triage p50/p99 ms" in header
    assert row.split()[0] == "1x"


def test_default_content_is_found_from_any_directory(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "CONTENT_DIR"}
    done = cli("check", "--json", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["facts"] >= 80


def test_batch_with_a_lone_surrogate_answers_and_goes_on() -> None:
    lines = '{"text": "best lasagne \\ud800 recipe"}\n{"text": "\\udc80\\ud800"}\nwho was the first patient of becar7?\n'
    done = cli("ask", "--json", stdin=lines, env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert done.returncode == 0 and "Traceback" not in done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert replies[0]["kind"] == "fallback" and replies[2]["kind"] == "answer"
    assert len(replies) == 3 and all("error" not in r for r in replies)
