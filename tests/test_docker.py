"""What the image runs, checked here without a Docker engine: Dockerfile, compose file, install."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.cli import parser
from tests.conftest import CONTENT_FOLDERS, ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def exec_form(instruction: str) -> list[str]:
    found = re.search(rf"^{instruction}\s+(?:.*?\\\n\s*)?(?:CMD\s+)?(\[.*\])\s*$", DOCKERFILE, re.M)
    assert found, f"no exec-form {instruction} in the Dockerfile"
    return json.loads(found.group(1))


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for block in re.findall(r"^ENV\s+((?:.*\\\n)*.*)$", DOCKERFILE, re.M):
        for key, value in re.findall(r"(\w+)=(\S+)", block.replace("\\\n", " ")):
            env[key] = value
    return env


def cli_commands() -> set[str]:
    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(sub.choices)


def test_cmd_and_healthcheck_are_real_cli_commands() -> None:
    for command in (exec_form("CMD"), exec_form("HEALTHCHECK")):
        assert command[:3] == ["python", "-m", "bot"]
        assert command[3] in cli_commands()
    assert exec_form("CMD")[3] == "run" and exec_form("HEALTHCHECK")[3] == "healthcheck"


def test_image_basics() -> None:
    assert re.search(r"^FROM python:3\.\d+\.\d+-slim\S* AS build$", DOCKERFILE, re.M)
    assert len(re.findall(r"^FROM ", DOCKERFILE, re.M)) == 2
    assert re.search(r"^USER \d+:\d+$", DOCKERFILE, re.M)
    assert re.search(r"^STOPSIGNAL SIGTERM$", DOCKERFILE, re.M)
    assert dockerfile_env()["CONTENT_DIR"] == "/app/content"


def test_hadolint_is_clean() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    done = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_mounts_what_the_image_expects() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    bot = compose["services"]["bot"]
    env = dockerfile_env()
    assert bot["env_file"] == ".env" and bot["restart"] == "unless-stopped"
    assert bot["read_only"] is True and "/tmp" in bot["tmpfs"]
    mounts = {v.split(":")[1]: v for v in bot["volumes"]}
    for folder in CONTENT_FOLDERS:
        target = f"{env['CONTENT_DIR']}/{folder}"
        assert mounts[target].endswith(":ro") and (ROOT / mounts[target].split(":")[0]).is_dir()
    data = mounts[env["DATA_DIR"]].split(":")[0]
    assert data in compose["volumes"]  # a named volume
    assert bot["environment"]["CONTENT_DIR"] == env["CONTENT_DIR"]


def test_dockerignore_keeps_secrets_and_clutter_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".git", ".venv", "**/__pycache__"):
        assert entry in ignored


def test_env_example_names_every_setting_the_bot_reads() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    read = set(re.findall(r'"([A-Z][A-Z_]+)"', (ROOT / "bot" / "settings.py").read_text(encoding="utf-8")))
    assert read <= names, read - names
    for name in names:  # each with a comment just above
        assert re.search(rf"^#.*\n(?:[A-Z_]+=.*\n)*{name}=", example, re.M), name


def build_stage() -> list[tuple[str, str]]:
    """The build stage's instructions, as (INSTRUCTION, arguments), continuation lines joined."""
    lines = [line for line in DOCKERFILE.replace("\\\n", " ").splitlines() if line.strip()]
    instructions = [tuple(line.split(None, 1)) for line in lines if not line.startswith("#")]
    starts = [i for i, (name, _) in enumerate(instructions) if name == "FROM"]
    return instructions[starts[0] + 1 : starts[1]]


def test_the_image_installs_only_from_the_lock() -> None:
    """Every pip install of the build stage takes hashed lock files, or the wheel just built."""
    for command in re.split(r"&&", " && ".join(args for name, args in build_stage() if name == "RUN")):
        if " pip install " not in f" {command} ":
            continue
        locked = re.search(r"--require-hashes -r requirements/(runtime|build)\.txt\s*$", command)
        own_wheel = re.search(r"--no-deps .*/cellfacts-\*\.whl\s*$", command)
        assert locked or own_wheel, command


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Dockerfile's build stage run here, as the image builds it: its WORKDIR, COPY and RUN
    instructions, with /opt, /src and /tmp moved under a temporary folder (its ENV, which only
    turns pip's cache off, is left out)."""
    base = tmp_path_factory.mktemp("image")

    def moved(text: str) -> str:
        return re.sub(r"(?<![\w.])/(opt|src|tmp)\b", rf"{base}/\1", text)

    bin_dir = base / "usr-local-bin"  # `python` as in the image: this Python
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "CONTENT_DIR")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    workdir = base
    for name, args in build_stage():
        if name == "WORKDIR":
            workdir = Path(moved(args))
            workdir.mkdir(parents=True, exist_ok=True)
        elif name == "COPY":
            *sources, target = args.split()
            for source in sources:
                copy_into(ROOT / source, workdir / target)
        elif name == "RUN":
            subprocess.run(["bash", "-euc", moved(args)], check=True, cwd=workdir, env=env, timeout=600)
    return base / "opt" / "venv" / "bin" / "python"


def copy_into(source: Path, target: Path) -> None:
    """COPY of one file or folder, leaving out what .dockerignore leaves out of the context."""
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert not any(fnmatch.fnmatch(source.relative_to(ROOT).as_posix(), p) for p in ignored), source
    if source.is_dir():
        shutil.copytree(
            source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    else:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source.name)


def run_installed(python: Path, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in ("CONTENT_DIR", "PYTHONPATH")}
    return subprocess.run(
        [str(python), "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean_env, **env},
        cwd=cwd,
    )


def test_installed_bot_answers_from_an_image_like_content_dir(installed: Path, tmp_path: Path) -> None:
    content = tmp_path / "app" / "content"
    for folder in CONTENT_FOLDERS:
        shutil.copytree(ROOT / folder, content / folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"CONTENT_DIR": str(content)}
    check = run_installed(installed, "check", "--json", env=env, cwd=elsewhere)
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["facts"] >= 80
    ask = run_installed(
        installed, "ask", "who was the first patient to get tank cells?", env=env, cwd=elsewhere
    )
    assert ask.returncode == 0 and "Joanne" in ask.stdout and "https://" in ask.stdout


def test_installed_bot_finds_its_bundled_content_without_a_checkout(installed: Path, tmp_path: Path) -> None:
    ask = run_installed(installed, "ask", "what is ucart19", env={}, cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    assert "UCART19" in ask.stdout and "Not medical advice" in ask.stdout


def test_installed_discord_benchmark_runs_without_the_tests(installed: Path, tmp_path: Path) -> None:
    """The image has no tests/: the benchmark's fake Discord and questions ship in the package."""
    done = subprocess.run(
        [str(installed), "-m", "bot.discord.bench", "--count", "5", "--in-flight", "2"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k not in ("CONTENT_DIR", "PYTHONPATH")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "one at a time" in done.stdout and "2 in flight" in done.stdout
    burst = re.search(r"burst: 200 questions .* answered (\d+)/200 .* stall ([0-9.]+) ms", done.stdout)
    assert burst is not None and burst[1] == "200", done.stdout
