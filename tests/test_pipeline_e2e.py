"""The whole pipeline on a tiny model: sample -> extract -> judge -> generate tests -> cluster -> score ->
select, driven stage by stage through their public functions on the task `digitsum`.

The scripted model's answers are real C++ programs (two correct in different styles, a subtask-only one,
one that passes the example but guesses N/K for large N, one that does not compile, and prose without
code); a second and third scripted model write the test generator and the validator. The learned scorer
is a stand-in trained here on a few labelled `divsum` programs (another task). A randomly initialised
model then goes through the same stages: it writes noise, which must end in a score of 0, not a crash.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

from tiny_model import build_tiny_model

from ioi_agent.clustering import assignment
from ioi_agent.evaluation import feedback, observation
from ioi_agent.extract import extract_cpp
from ioi_agent.params import SamplingParams
from ioi_agent.pool import find_pools, judge_pool, task_key
from ioi_agent.prompts import task_prompts
from ioi_agent.samplers import make_sampler
from ioi_agent.scoring_model import task_data, train
from ioi_agent.selection import behaviour_clusters, ioi_policy
from ioi_agent.store import RunStore
from ioi_agent.testgen import model_tests
from judge.loaders import load_task

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"
DIGITSUM = PROBLEMS / "digitsum"
PACKAGE_PARTS = ("problem.json", "statement.md", "subtasks", "tests")


def fenced(code: str, intro: str = "Here is my solution.") -> str:
    return f"{intro}\n\n```cpp\n{code.strip()}\n```\n"


CORRECT = (DIGITSUM / "solutions/full/digit_dp.cpp").read_text()
CORRECT_OTHER = (DIGITSUM / "candidates/c08.cpp").read_text()  # iterative digit DP reading N as a string
PARTIAL = (DIGITSUM / "solutions/partial/brute_and_nines.cpp").read_text()  # subtasks 1 and 2
GUESS = (DIGITSUM / "candidates/c06.cpp").read_text()  # passes the example, N/K for N > 10^6
BROKEN = (DIGITSUM / "solutions/ce/typo.cpp").read_text()
SOLVER_ANSWERS = [fenced(CORRECT), fenced(CORRECT_OTHER, "Digit DP:"), fenced(PARTIAL), fenced(GUESS),
                  fenced(BROKEN), "I am not sure how to solve this problem."]


def tiny(path: Path, answers: list[str] | None = None, positions: int = 4096) -> Path:
    """A tiny model (tests/tiny_model.py) whose position table is widened to `positions`: the real
    prompts (statement, examples, instructions) are longer than its 1024 positions. New rows are zero,
    which is what the scripted models use everywhere."""
    import torch
    from transformers import GPT2LMHeadModel

    build_tiny_model(path, answers=answers)
    model = GPT2LMHeadModel.from_pretrained(path)
    old = model.transformer.wpe.weight.data
    wider = torch.nn.Embedding(positions, old.shape[1])
    with torch.no_grad():
        wider.weight.zero_()
        wider.weight[: old.shape[0]] = old
    model.transformer.wpe = wider
    model.config.n_positions = positions
    model.save_pretrained(path)
    return path


class RoutedSampler:
    """Generator prompts to one sampler, validator prompts to another: two scripted models stand for
    one model asked two different things."""

    def __init__(self, generators, validators):
        self.name = "routed"
        self.generators, self.validators = generators, validators

    def generate(self, prompts, params):
        picks = [p.id.endswith("/validator") for p in prompts]
        gen = iter(self.generators.generate([p for p, v in zip(prompts, picks) if not v], params))
        val = iter(self.validators.generate([p for p, v in zip(prompts, picks) if v], params))
        return [next(val) if v else next(gen) for v in picks]


def make_pool(root: Path, package: Path, sources: dict[str, str]) -> Path:
    """A pool directory: the task package's files (no candidates of its own) and `sources`."""
    root.mkdir(parents=True)
    for part in PACKAGE_PARTS + ("graders", "checker"):
        src = package / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        elif src.is_file():
            shutil.copy(src, root / part)
    (root / "candidates").mkdir()
    for name, text in sources.items():
        (root / "candidates" / name).write_text(text)
    return root


def sample_candidates(sampler, task, n: int, max_tokens: int) -> dict[str, str]:
    """Sample every prompt of the task; keep the extracted program, or the raw answer when there is
    none (submitting it is how a contestant would learn it does not compile)."""
    rows = sampler.generate(task_prompts(task), SamplingParams(n=n, seed=5, max_tokens=max_tokens))
    out = {}
    for row in rows:
        for c in row:
            out[f"{c.prompt_id.replace('#', '_')}_{c.index:02d}.cpp"] = extract_cpp(c.text) or c.text
    return out


@pytest.fixture(scope="module")
def stand_in_scorer(tmp_path_factory):
    """A scorer trained on another task: labelled divsum programs judged with divsum's generators."""
    root = tmp_path_factory.mktemp("divsum")
    labelled = {f"{p.parent.name}_{p.name}": p.read_text()
                for p in sorted((PROBLEMS / "divsum/solutions").glob("*/*.cpp"))
                if p.parent.name in ("full", "partial", "wa", "ce", "pv")}
    pool_dir = make_pool(root / "divsum", PROBLEMS / "divsum", labelled)
    shutil.copytree(PROBLEMS / "divsum/generators", pool_dir / "generators")
    [pool], _ = find_pools([pool_dir])
    with RunStore(root / "run") as store:
        result = judge_pool(pool, store, workers=2)
    assert result.generated, "the pool's generators produced inputs"
    return train([task_data(result)], hidden=4, epochs=150)


def test_scripted_model_end_to_end(tmp_path, stand_in_scorer):
    task = load_task(DIGITSUM)
    solver = make_sampler(f"transformers:{tiny(tmp_path / 'solver', SOLVER_ANSWERS)}", device="cpu")
    sources = sample_candidates(solver, task, n=8, max_tokens=4)
    assert len(sources) == 8 * len(task_prompts(task))
    assert any(s.strip() == CORRECT.strip() for s in sources.values())

    pool_dir = make_pool(tmp_path / "pool" / "digitsum", DIGITSUM, sources)
    [pool], _ = find_pools([pool_dir])
    generator = (DIGITSUM / "generators/random.cpp").read_text()
    validator = (DIGITSUM / "generators/validator.cpp").read_text()
    gen_model = tiny(tmp_path / "gen", [fenced(generator), fenced(generator, "Generator:"), "No idea."])
    writer = RoutedSampler(make_sampler(f"transformers:{gen_model}", device="cpu"),
                           make_sampler(f"transformers:{tiny(tmp_path / 'val', [fenced(validator)])}", device="cpu"))
    with RunStore(tmp_path / "run") as store:
        kept = model_tests(task, writer, store, task_key(task), SamplingParams(n=2, seed=1, max_tokens=4), seeds=(1, 2))
        assert kept >= 4
        result = judge_pool(pool, store, workers=2)
    assert len(result.generated) == kept

    by_source = {c.id: sources[next(iter(c.origins)).split("/", 1)[1]] for c in result.candidates}
    correct = {cid for cid, s in by_source.items() if s.strip() in (CORRECT.strip(), CORRECT_OTHER.strip())}
    assert correct and all(sum(c.subtask_scores) == 100 for c in result.candidates if c.id in correct)
    assert any(not c.compiled for c in result.candidates)  # the typo and the prose

    obs = observation(result)
    clusters = behaviour_clusters(obs)
    where = assignment(clusters)
    assert len({where[c] for c in correct}) == 1  # two styles, one behaviour
    assert len(clusters) >= 4  # correct, partial, guess, compile errors

    predicted = stand_in_scorer.expected_scores(result)
    assert max(predicted, key=predicted.get) in correct

    selection = ioi_policy(obs, feedback(result), budget=5)
    assert selection.candidates[0] in correct
    assert selection.score == 100


def test_random_model_output_is_judged_as_zero(tmp_path):
    task = load_task(DIGITSUM)
    noisy = make_sampler(f"transformers:{tiny(tmp_path / 'noise')}", device="cpu")
    sources = sample_candidates(noisy, task, n=2, max_tokens=24)
    assert sources
    pool_dir = make_pool(tmp_path / "pool" / "digitsum", DIGITSUM, sources)
    [pool], _ = find_pools([pool_dir])
    with RunStore(tmp_path / "run") as store:
        assert model_tests(task, noisy, store, task_key(task), SamplingParams(n=1, seed=2, max_tokens=24)) == 0
        result = judge_pool(pool, store, workers=2)
    assert not any(c.compiled for c in result.candidates)
    selection = ioi_policy(observation(result), feedback(result), budget=50)
    assert selection.score == 0 and not selection.decisions  # nothing compiled: nothing worth submitting
