"""Sampling parameters, the sampler registry and the replay sampler (no model needed)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ioi_agent.params import SamplingParams, SamplingParamsError
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers import Sampler, SamplerError, derive_seed, make_sampler
from ioi_agent.samplers.replay import ReplaySampler

REPO = Path(__file__).resolve().parents[1]


def _prompt(pid: str, task: str | None = "nile", subtask: int | None = None) -> Prompt:
    return Prompt(id=pid, messages=(ChatMessage(role="user", content="solve"),), task_code=task, subtask_index=subtask)


# --- SamplingParams --------------------------------------------------------------------------------

def test_params_defaults_and_normalisation():
    params = SamplingParams(stop="```")
    assert params.n == 1 and params.temperature == 1.0 and params.seed is None and not params.logprobs
    assert params.stop == ("```",)
    with pytest.raises(ValidationError):
        params.n = 3  # frozen


@pytest.mark.parametrize(
    ("field", "value"),
    [("n", 0), ("temperature", -0.5), ("top_p", 0.0), ("top_p", 1.5), ("max_tokens", 0), ("seed", -1),
     ("stop", [""]), ("n", "many"), ("logprobs", "maybe"), ("beam_width", 4)],
)
def test_every_invalid_field_raises_one_error_type_naming_field_and_value(field, value):
    with pytest.raises(SamplingParamsError) as info:
        SamplingParams(**{field: value})
    assert isinstance(info.value, ValueError)
    assert info.value.field == field
    assert info.value.value == value
    assert field in str(info.value)


def test_replace_validates():
    params = SamplingParams(n=4, seed=1)
    assert params.replace(temperature=0.2) == SamplingParams(n=4, seed=1, temperature=0.2)
    with pytest.raises(SamplingParamsError):
        params.replace(n=-1)


@given(st.integers(0, 2**63), st.text(max_size=20), st.text(max_size=20))
def test_derived_seeds_are_stable_31_bit_and_depend_on_the_prompt(seed, a, b):
    assert derive_seed(seed, a) == derive_seed(seed, a)
    assert 0 <= derive_seed(seed, a) < 2**31
    if a != b:  # 31-bit collisions are possible in principle, but not for these few examples
        assert derive_seed(seed, a) != derive_seed(seed, b)
    assert derive_seed(None, a) is None


# --- registry --------------------------------------------------------------------------------------

def test_registry_builds_replay_and_rejects_bad_specs(tmp_path):
    (tmp_path / "a.cpp").write_text("int main() { }\n")
    for spec in (f"replay:{tmp_path}", str(tmp_path)):
        sampler = make_sampler(spec)
        assert isinstance(sampler, ReplaySampler) and isinstance(sampler, Sampler)
    for bad in ("nonsense", "replay:", "openai:http://127.0.0.1:1/v1", f"replay:{tmp_path / 'missing'}"):
        with pytest.raises(SamplerError):
            make_sampler(bad)


def test_registry_builds_openai_without_contacting_the_server():
    sampler = make_sampler("openai:http://127.0.0.1:9/v1/#my-model", concurrency=2, api_key="k")
    assert sampler.name == "openai:http://127.0.0.1:9/v1#my-model"
    assert sampler.url == "http://127.0.0.1:9/v1/chat/completions"
    assert make_sampler("openai:http://h/v1#m", chat=False, api_key_env=None).url == "http://h/v1/completions"


def test_package_imports_without_the_heavy_backends():
    code = ("import sys, ioi_agent.samplers, ioi_agent.prompts, ioi_agent.extract; "
            "heavy = {'torch', 'transformers', 'vllm'} & set(sys.modules); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_vllm_is_reported_with_the_install_hint():
    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed")
    with pytest.raises(SamplerError, match=r"pip install 'ioi-agent\[gpu\]'"):
        make_sampler("vllm:some/model")


def test_ray_vllm_spec_reaches_the_data_parallel_actors_with_address_and_options(monkeypatch):
    import ioi_agent.samplers.ray_vllm as ray_vllm

    seen = {}

    class Recorder:
        def __init__(self, model, **options):
            seen.update(model=model, **options)
            self.name = f"ray-vllm:{model}"

    monkeypatch.setattr(ray_vllm, "RayVLLMSampler", Recorder)
    sampler = make_sampler("ray-vllm:Qwen/Qwen2.5-7B?num_engines=4&tensor_parallel_size=2&chunk_size=64",
                           ray_address="ray://head:10001")
    assert sampler.name == "ray-vllm:Qwen/Qwen2.5-7B"
    assert seen == {"model": "Qwen/Qwen2.5-7B", "num_engines": 4, "tensor_parallel_size": 2, "chunk_size": 64,
                    "address": "ray://head:10001"}
    seen.clear()
    make_sampler("ray-vllm:/models/x?gpu_memory_utilization=0.8&enforce_eager=true")
    assert seen == {"model": "/models/x", "gpu_memory_utilization": 0.8, "enforce_eager": True, "address": None}


def test_ray_vllm_without_vllm_says_so_before_starting_a_cluster():
    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed")
    with pytest.raises(SamplerError, match=r"ray-vllm: vLLM is not installed.*pip install 'ioi-agent\[gpu\]'"):
        make_sampler("ray-vllm:some/model", ray_address="127.0.0.1:1")  # nothing listens there: never contacted


def test_spec_options_are_typed_and_bad_ones_named(tmp_path):
    sampler = make_sampler("openai:http://h/v1#m?concurrency=3&timeout_s=2.5&chat=false", api_key_env=None)
    assert (sampler.url, sampler.model) == ("http://h/v1/completions", "m")
    assert sampler.concurrency == 3 and sampler.timeout_s == 2.5 and sampler.chat is False
    assert make_sampler("openai:http://h/v1#we?ird", api_key_env=None).model == "we?ird"  # not options
    with pytest.raises(SamplerError, match="colour"):
        make_sampler("openai:http://h/v1#m?colour=red")


def test_a_model_on_a_task_without_a_text_statement_is_warned_about(tmp_path):
    from judge.loaders import load_task
    from ioi_agent.samplers import statement_warning

    task = load_task(REPO / "problems" / "divsum")
    model = make_sampler("openai:http://127.0.0.1:9/v1#m", api_key_env=None)
    assert statement_warning(task, model) is None  # statement.md is text
    blind = task.model_copy(update={"statement": None})
    warning = statement_warning(blind, model)
    assert warning.startswith("WARNING: task divsum: no statement was found") and "cannot solve" in warning
    pdf = task.model_copy(update={"statement": tmp_path / "statement.pdf"})
    assert "statement.pdf is not text" in statement_warning(pdf, model)
    assert statement_warning(blind, ReplaySampler(REPO / "problems" / "divsum")) is None  # stored programs


# --- replay ----------------------------------------------------------------------------------------

def test_replay_folder_per_task_in_natural_order(tmp_path):
    folder = tmp_path / "nile" / "candidates"
    folder.mkdir(parents=True)
    for name in ("10.cpp", "2.cpp", "1.cpp", "notes.txt"):
        (folder / name).write_text(f"// {name}\n")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "t.cc").write_text("// tree\n")
    sampler = ReplaySampler(tmp_path)
    out = sampler.generate([_prompt("nile"), _prompt("tree", "tree"), _prompt("x", "unknown")], SamplingParams(n=10))
    assert [c.text for c in out[0]] == ["// 1.cpp\n", "// 2.cpp\n", "// 10.cpp\n"]  # n > available: all there is
    assert [c.index for c in out[0]] == [0, 1, 2]
    assert all(c.prompt_id == "nile" and c.finish_reason == "stop" and c.origin for c in out[0])
    assert [c.text for c in out[1]] == ["// tree\n"]
    assert out[2] == []
    again = sampler.generate([_prompt("nile")], SamplingParams(n=2))
    assert again[0] == out[0][:2]  # deterministic: the same first n every call


def test_replay_single_pool_serves_every_prompt(tmp_path):
    (tmp_path / "candidates").mkdir()
    (tmp_path / "candidates" / "a.cpp").write_text("A")
    out = ReplaySampler(tmp_path).generate([_prompt("p", "whatever"), _prompt("q", None)], SamplingParams(n=3))
    assert [[c.text for c in row] for row in out] == [["A"], ["A"]]


def test_replay_jsonl_matches_prompt_id_then_task_and_subtask(tmp_path):
    records = [
        {"text": "exact", "prompt_id": "nile#3", "cumulative_logprob": -1.5, "num_tokens": 7,
         "finish_reason": "length"},
        {"text": "whole task", "task": "nile"},
        {"text": "subtask 2", "task": "nile", "subtask": 2},
        {"text": "other task", "task": "tree"},
    ]
    path = tmp_path / "pool.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    sampler = make_sampler(f"replay:{path}")
    out = sampler.generate(
        [_prompt("nile#3", "nile", 3), _prompt("nile#2", "nile", 2), _prompt("nile", "nile"), _prompt("t", "tree")],
        SamplingParams(n=5),
    )
    texts = [[c.text for c in row] for row in out]
    assert texts == [["exact"], ["whole task", "subtask 2"], ["whole task", "subtask 2"], ["other task"]]
    exact = out[0][0]
    assert (exact.cumulative_logprob, exact.num_tokens, exact.finish_reason) == (-1.5, 7, "length")
    assert exact.origin == f"{path}:1"


@pytest.mark.parametrize(
    ("line", "problem"),
    [("{not json", "not JSON"), ('{"prompt_id": "x"}', "string \"text\""), ('["a"]', "string \"text\""),
     ('{"text": "a", "subtask": "two"}', "'subtask'"), ('{"text": "a", "num_tokens": true}', "'num_tokens'")],
)
def test_replay_jsonl_errors_name_the_line(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n")
    with pytest.raises(SamplerError, match=f"bad.jsonl:2: .*{problem}"):
        ReplaySampler(path)
