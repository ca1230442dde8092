"""`python -m bot bench`: latency, throughput, load, reload and memory, at 1× and 100× content.

The 100× content is generated: for every extra copy, synthetic articles, facts quoting them,
topics and intents whose examples mix the real vocabulary with made-up words, so the
matcher's word index grows as it would with real content.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from bot.integrity import sha256_of
from bot.loader import build_snapshot
from bot.safety import triage
from bot.store import ContentStore
from bot.text import clean, words

SYLLABLES = "ba ke lo mi nu ra se ti vo za qu pe do fi gu ha jo ly".split()

# What the benchmarks ask, round and round: questions as families type them, of every kind of
# reply, written for the benchmark (the evaluation set stays with the tests; pass it with
# --question-file to measure on it).
QUESTIONS = (
    "who was the first patient to get BE-CAR7?",
    "what is UCART19?",
    "how do TaNK cells work?",
    "what are the side effects of BE-CAR7?",
    "how old was Layla when she was treated?",
    "who paid for the research?",
    "where do the donor cells come from?",
    "what happens next for BE-CAR7?",
    "how many patients were in the trial?",
    "how do i fix my wifi",
    "wats becar 7 in plain english",
    "did the ucart19 baby get better",
    "who came up with the tank cell idea",
    "which hospital gave layla the treatment",
    "how many kids are cancer free after be-car7?",
    "is it the same as normal car-t",
    "what kind of leukemia is it for",
    "where can i read the artical about tank cells",
    "can we get ucart19 on the nhs, how much does it cost",
    "is becar7 available in australia",
    "how long do the side effects last with ucart 19",
    "what did the doctors say about the results",
    "tell me more",
    "and the other ones?",
    "compare tank cells with becar7 please",
    "my son has a temperature of 39.5 after his infusion",
    "i cant cope with this anymore",
    "should we stop chemo and try becar7 instead",
    "hello, what can you help with",
    "thanks thats really helpful",
    "what are your sources",
    "what is the weather in london tomorrow",
    "who is joanne and how is she now",
    "how were the cells changed, is it gene editing",
    "who wrote the becar7 paper and where was it published",
    "do they use the patients own cells or someone elses",
    "why was layla's case special",
    "how many people got tank cells in the trial",
    "is the treatment still experimental",
    "recipe for banana bread",
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _question(rng: random.Random, real_words: list[str], shortest: int) -> str:
    """A made-up question: some of the content's own words among invented ones."""
    return " ".join(
        rng.choice(real_words) if rng.random() < 0.4 else _word(rng) for _ in range(rng.randint(shortest, 9))
    )


def make_scaled_content(source: Path, target: Path, scale: int, seed: int = 7) -> Path:
    """Copy the content and add (scale - 1) synthetic copies of its articles, facts and intents."""
    for folder in ("intents", "responses", "seeds"):
        shutil.copytree(source / folder, target / folder)
    if scale <= 1:
        return target
    rng = random.Random(seed)
    snapshot = build_snapshot(source)
    real_words = sorted({w for i in snapshot.intents.values() for e in i.examples for w in words(clean(e))})
    n_articles, n_facts = len(snapshot.articles), len(snapshot.facts)
    sources, topics, unanswered = [], [], []
    for copy in range(1, scale):
        for a in range(n_articles):
            aid = f"syn-{copy}-{a}"
            sentences = [" ".join(_word(rng) for _ in range(12)).capitalize() + "." for _ in range(40)]
            text = "\n".join(sentences)
            (target / "seeds" / "articles" / f"{aid}.txt").write_text(text, encoding="utf-8", newline="")
            sources.append(
                f'[[article]]\nid = "{aid}"\nfile = "articles/{aid}.txt"\nsha256 = "{sha256_of(text)}"\n'
                f'therapy = "general"\n'
                f'title = "Synthetic {aid}"\npublisher = "Bench Press"\ndate = "2026-01-01"\n'
                f'url = "https://example.invalid/{aid}"\n'
            )
            facts = [f'article = "{aid}"\n']
            for f in range(n_facts // n_articles):
                quote = rng.choice(sentences)
                facts.append(
                    f'[[fact]]\nid = "syn-{copy}-{a}-{f}"\ntherapy = "general"\ntopic = "syn_{copy}"\n'
                    f'text = "Bench Press reports something."\nquote = "{quote}"\n'
                )
            (target / "seeds" / "facts" / f"{aid}.toml").write_text("\n".join(facts), encoding="utf-8")
        topics.append(f'[[topic]]\nname = "syn_{copy}"\nlabel = "synthetic {copy}"\n')
        for i in range(len(snapshot.intents)):
            examples = [_question(rng, real_words, 3) for _ in range(20)]
            (target / "intents" / f"syn_{copy}_{i}.toml").write_text(
                f'name = "syn_{copy}_{i}"\ndescription = "synthetic"\nhandler = "facts"\n'
                f'template = "answer"\ntopics = ["syn_{copy}"]\nexamples = {json.dumps(examples)}\n',
                encoding="utf-8",
            )
        for u in range(len(snapshot.unanswered)):
            asks = [_question(rng, real_words, 4) for _ in range(4)]
            unanswered.append(
                f'[[unanswered]]\nid = "syn-{copy}-{u}"\ntherapy = "general"\n'
                f'missing = "{_word(rng)} {_word(rng)}"\nasks = {json.dumps(asks)}\n'
            )
    with (target / "seeds" / "sources.toml").open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join(sources))
    with (target / "seeds" / "topics.toml").open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join(topics))
    with (target / "seeds" / "unanswered.toml").open("a", encoding="utf-8") as out:
        out.write("\n" + "\n".join(unanswered))
    return target


def read_questions(path: Path) -> list[str]:
    """The questions in a file: one a line, as text or as JSON with a "text" (an evaluation set)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    texts = [json.loads(line)["text"] if line.startswith("{") else line for line in lines]
    if not texts:
        raise ValueError(f"{path} has no questions")
    return texts


def measure(source: str, scale: int, count: int, questions: Sequence[str] = QUESTIONS) -> dict[str, float]:
    """Runs in a fresh process so that peak memory belongs to one scale only."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_scaled_content(Path(source), Path(tmp) / "content", scale)
        started = time.perf_counter()
        store = ContentStore(root)
        load = time.perf_counter() - started
        engine, snapshot = store.engine, store.snapshot
        reloads = []
        edited = next((root / "seeds" / "facts").glob("*.toml"))
        for n in range(3):  # as after a moderator's edit: one facts file changed
            edited.write_text(edited.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
            started = time.perf_counter()
            assert store.reload().ok
            reloads.append(time.perf_counter() - started)
        rng = random.Random(1)
        latencies = []
        total_start = time.perf_counter()
        for n in range(count):
            question = questions[n % len(questions)]
            started = time.perf_counter_ns()
            engine.ask(question, f"bench-{rng.randint(0, 999)}")
            latencies.append(time.perf_counter_ns() - started)
        total = time.perf_counter() - total_start
        latencies.sort()
        # The safety triage alone (it runs inside every ask above): what it adds to a reply.
        cleaned = [clean(q) for q in questions]
        triage_times = []
        for n in range(count):
            started = time.perf_counter_ns()
            triage(cleaned[n % len(cleaned)])
            triage_times.append(time.perf_counter_ns() - started)
        triage_times.sort()
        return {
            "scale": scale,
            "facts": len(snapshot.facts),
            "intents": len(snapshot.intents),
            "questions": count,
            "p50_ms": statistics.median(latencies) / 1e6,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] / 1e6,
            "max_ms": latencies[-1] / 1e6,
            "triage_p50_ms": statistics.median(triage_times) / 1e6,
            "triage_p99_ms": triage_times[int(len(triage_times) * 0.99) - 1] / 1e6,
            "qps": count / total,
            "load_s": load,
            "reload_s": statistics.median(reloads),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def run_benchmark(
    root: Path, scales: list[int], questions: int, asked: Sequence[str] = QUESTIONS
) -> list[dict[str, float]]:
    results = []
    header = (
        f"{'scale':>5} {'facts':>7} {'intents':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f" {'q/s':>8} {'load s':>7} {'reload s':>8} {'peak MB':>8} {'triage p50/p99 ms':>18}"
    )
    print(header)
    for scale in scales:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            r = pool.submit(measure, str(root), scale, questions, tuple(asked)).result()
        results.append(r)
        print(
            f"{r['scale']:>4}x {r['facts']:>7} {r['intents']:>7} {r['p50_ms']:>8.3f} {r['p99_ms']:>8.3f} "
            f"{r['max_ms']:>8.2f} {r['qps']:>8.0f} {r['load_s']:>7.2f} {r['reload_s']:>8.2f} "
            f"{r['peak_rss_mb']:>8.0f} {r['triage_p50_ms']:>8.3f} /{r['triage_p99_ms']:>7.3f}",
            flush=True,
        )
    return results
