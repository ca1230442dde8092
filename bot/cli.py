"""Command line: check the content, ask questions, chat, evaluate; the same engine as Discord."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from bot.engine import Engine
from bot.loader import ContentError, build_snapshot
from bot.settings import Settings, SettingsError
from bot.text import sanitise

Command = Callable[[argparse.Namespace], int]


def content_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "content", None):
        return Path(args.content)
    return Settings.from_env().content_dir


def load_engine(args: argparse.Namespace) -> Engine:
    """The engine on the configured content, or a clear list of problems and exit 1."""
    try:
        return Engine(build_snapshot(content_dir(args)))
    except ContentError as exc:
        print(f"The content in {content_dir(args)} has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_check(args: argparse.Namespace) -> int:
    from bot.content_report import content_report  # the reading level needs textstat: only here

    root = content_dir(args)
    try:
        snapshot = build_snapshot(root)
        summary, errors = snapshot.summary(), []
    except ContentError as exc:
        summary = {"articles": 0, "facts": 0, "intents": 0, "templates": 0}
        errors = [str(p) for p in exc.problems]
    from bot import triage_model

    if triage_model.shipped() is None:
        errors.append(f"the learned triage model ({triage_model.WEIGHTS_FILE}) is missing or unreadable")
    report = content_report(snapshot) if not errors else None  # warnings and reading level
    if args.json:
        print(json.dumps({**summary, "errors": errors, **(report.as_json() if report else {})}))
    elif errors:
        print(f"{root}: {len(errors)} problem(s)")
        for error in errors:
            print(f"  {error}")
    else:
        print(
            f"{root}: OK — {summary['articles']} articles, {summary['facts']} facts, "
            f"{summary['intents']} intents, {summary['templates']} templates"
        )
        for line in report.lines() if report else ():
            print(f"  {line}")
    return 1 if errors else 0


def _batch_line(engine: Engine, line: str, number: int) -> dict[str, Any]:
    text, conversation = line, f"line-{number}"
    if line.lstrip().startswith("{"):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            return {"error": f"line {number}: not valid JSON: {exc.msg}"}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            return {"error": f'line {number}: expected an object with a string "text"'}
        text = sanitise(item["text"])  # JSON may carry lone surrogates ("\ud800")
        if item.get("conversation") is not None:
            conversation = str(item["conversation"])
    return engine.ask(text, conversation).as_json()


def run_batch(engine: Engine, lines: TextIO, out: TextIO) -> None:
    """One JSON reply per input line, in order; a bad line gets an error object, the batch goes on."""
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            out.write(json.dumps({"error": f"line {number}: empty"}) + "\n")
            continue
        out.write(json.dumps(_batch_line(engine, line, number), ensure_ascii=False) + "\n")
        out.flush()


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    if args.json and not args.question:
        run_batch(engine, sys.stdin, sys.stdout)
        return 0
    question = sanitise(" ".join(args.question) or sys.stdin.read())
    reply = engine.ask(question, "cli")
    print(json.dumps(reply.as_json(), ensure_ascii=False) if args.json else reply.text)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    interactive = sys.stdin.isatty()
    if interactive:
        print("cellfacts: ask about BE-CAR7, UCART19 or TaNK cells. Type 'quit' or press Ctrl-D to leave.\n")
    while True:
        try:
            question = input("you> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question.strip().lower() in ("quit", "exit", "bye"):
            return 0
        if question.strip():
            print(engine.ask(sanitise(question), "chat").text + "\n")


def cmd_eval(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.evaluate import evaluate, load_cases
    from bot.typos import with_typos

    engine = load_engine(args)
    failed = False
    for name in args.files:
        try:
            cases = load_cases(Path(name))
        except (OSError, ValueError) as exc:
            print(f"cannot read {name}: {exc}", file=sys.stderr)
            return 2
        if args.typos:
            cases = [replace(c, text=with_typos(c.text, args.typos, c.id)) for c in cases]
            name = f"{name} with {args.typos} typos a question"
        report = evaluate(engine, cases)
        print(f"== {name}")
        print(report.render(verbose=not args.quiet) + "\n")
        if args.min is not None and report.headline < args.min:
            print(f"FAILED: {name}: {report.headline:.3f} is below --min {args.min}\n")
            failed = True
    return 1 if failed else 0


def cmd_train_triage(args: argparse.Namespace) -> int:
    """Train the learned triage model: labelled triage messages are positives for their
    group; every other message, answer-set question and fact `asks` is a negative (an
    answer set's messages that expect the safety reply are left out: they are not ordinary)."""
    from bot import triage_model
    from bot.atomic import write_atomic
    from bot.safety import normalised
    from bot.text import clean

    examples: list[tuple[str, set[str]]] = []
    for name in args.files:
        for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if item.get("expect", {}).get("kind") == "safety":
                    continue  # an answer set's urgent message (no group to learn from) is no negative
                labels = {item["group"]} & set(triage_model.LABELS) if "group" in item else set()
                if labels & {"crisis"}:
                    labels.add("distress")  # despair is in every cry for help
                examples.append((normalised(clean(item["text"])), labels))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f"{name}:{number}: malformed line: {exc}", file=sys.stderr)
                return 2
    snapshot = build_snapshot(content_dir(args))
    examples += [(normalised(clean(ask)), set()) for f in snapshot.facts.values() for ask in f.asks]
    model = triage_model.train(examples)
    out = Path(args.out) if args.out else Path(triage_model.__file__).with_name(triage_model.WEIGHTS_FILE)
    write_atomic(out, model.to_json() + "\n")
    out.chmod(0o644)  # shipped in the image, read by a non-root user
    counts = {label: sum(label in labels for _, labels in examples) for label in triage_model.LABELS}
    size = sum(map(len, model.weights.values()))
    print(f"trained on {len(examples)} messages {counts}; {size} weights -> {out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.bench import QUESTIONS, read_questions, run_benchmark

    try:
        asked = read_questions(Path(args.question_file)) if args.question_file else QUESTIONS
    except (OSError, ValueError, KeyError) as exc:
        print(f"cannot read {args.question_file}: {exc}", file=sys.stderr)
        return 2
    run_benchmark(content_dir(args), scales=args.scale, questions=args.questions, asked=asked)
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    """No subcommand: run the Discord bot when a token is set, else a local chat."""
    settings = Settings.from_env()
    if settings.discord_token:
        from bot.discord.runner import run

        return run(settings)
    print("No DISCORD_TOKEN set: starting a local chat with the bundled articles.")
    return cmd_chat(args)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.discord.runner import run

    return run(Settings.from_env())


def cmd_sync(args: argparse.Namespace) -> int:
    from bot.discord.runner import sync

    return sync(Settings.from_env())


def cmd_healthcheck(args: argparse.Namespace) -> int:
    from bot.health import check_health, heartbeat_name

    settings = Settings.from_env()
    healthy, reason = check_health(settings.data_dir, name=heartbeat_name(settings.shard_ids))
    print(reason)
    return 0 if healthy else 1


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cellfacts", description=__doc__)
    top.add_argument("--content", help="content folder (default: CONTENT_DIR or the bundled one)")
    top.set_defaults(func=cmd_start)
    sub = top.add_subparsers(title="commands")

    def command(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--content", help="content folder (default: CONTENT_DIR or the bundled one)")
        p.set_defaults(func=func)
        return p

    p = command("check", cmd_check, "validate the content and print a summary")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p = command("ask", cmd_ask, "answer one question (or, with --json and no question, a batch from stdin)")
    p.add_argument("question", nargs="*")
    p.add_argument(
        "--json", action="store_true", help="JSON out; with no question, one JSON line per stdin line"
    )
    command("chat", cmd_chat, "a conversation in the terminal")
    p = command("eval", cmd_eval, "run question sets: answer accuracy, safety recall and false alarms")
    p.add_argument("files", nargs="+", help="JSONL question sets (`make eval` runs every set in tests/)")
    p.add_argument(
        "--min", type=float, help="exit 1 if a set's accuracy (triage: emergency and crisis recall) is below"
    )
    p.add_argument("--quiet", action="store_true", help="summary only, no failure list")
    p.add_argument("--typos", type=int, default=0, help="misspell this many words in each question first")
    p = command("train-triage", cmd_train_triage, "train the learned triage model from labelled JSONL sets")
    p.add_argument("files", nargs="+", help="triage sets (group labels) and answer sets (negatives)")
    p.add_argument("--out", help="weights file (default: the one shipped in the package)")
    p = command("bench", cmd_bench, "print latency, throughput, load and reload figures")
    p.add_argument("--scale", type=int, nargs="+", default=[1, 100], help="content sizes to measure")
    p.add_argument("--questions", type=int, default=20000, help="questions per measurement")
    p.add_argument(
        "--question-file", help='what to ask: one question a line, or JSONL with "text" (default: built in)'
    )
    command("run", cmd_run, "connect to Discord and answer")
    command("sync", cmd_sync, "register the slash commands with Discord")
    command("healthcheck", cmd_healthcheck, "exit 0 if the running bot's heartbeat is fresh")
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        from dotenv import load_dotenv

        load_dotenv(".env", override=False)
        args = parser().parse_args(argv)
        func: Command = args.func
        return func(args)
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
