"""Tiny causal language models built on the spot, since no weights can be downloaded.

`build_tiny_model(path)` saves a 2-layer GPT-2 with random weights and a byte-level BPE tokenizer
trained on a few KB of C++: it writes noise, which is what a pipeline must survive.

`build_tiny_model(path, answers=[...])` saves a *scripted* model: each answer is one added token, and
the weights are set so that after any other token the model picks one of the answers with equal
probability, then ends the sequence. Sampling it through the real transformers code path therefore
yields known answers with a known log-probability (-log k), so tests can check text, finish reasons
and log-probabilities exactly. Both load with `AutoModelForCausalLM` / `AutoTokenizer`.
"""
from __future__ import annotations

from pathlib import Path

_CORPUS = r"""
#include <bits/stdc++.h>
#include <vector>
using namespace std;

long long best(const vector<int>& a) {
    long long total = 0;
    for (int i = 0; i < (int)a.size(); ++i) {
        if (a[i] > 0) total += a[i];
    }
    return total;
}

int main() {
    int n;
    cin >> n;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    cout << best(a) << "\n";
    return 0;
}

std::vector<long long> calculate_costs(std::vector<int> W, std::vector<int> A,
                                       std::vector<int> B, std::vector<int> E) {
    int q = (int)E.size();
    std::vector<long long> answer(q, 0);
    for (int j = 0; j < q; j++) {
        long long sum = 0;
        for (int i = 0; i < (int)W.size(); i++) sum += A[i];
        answer[j] = sum;
    }
    return answer;
}

struct Segment { int lo, hi; long long value; };
void init(std::vector<int> P, std::vector<int> W) { }
long long query(int L, int R) { return 1LL * L * R; }
The answer is computed with dynamic programming over the sorted weights.
Subtask constraints: N <= 2000, Q <= 5. Return the minimum total cost.
"""

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)
EOS = "<|endoftext|>"
PAD = "<pad>"


def build_tiny_model(path: Path, *, answers: list[str] | None = None, chat_template: str | None = None,
                     seed: int = 0) -> Path:
    """Save a tiny model and its tokenizer under `path` (created) and return `path`."""
    import torch
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=384, special_tokens=[EOS, PAD],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    bpe.train_from_iterator([_CORPUS] * 4, trainer)
    if answers:
        if len(set(answers)) != len(answers):
            raise ValueError("scripted answers must be distinct")
        bpe.add_tokens([AddedToken(a, normalized=False, special=False) for a in answers])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token=EOS, bos_token=EOS, pad_token=PAD)
    if chat_template is not None:
        tokenizer.chat_template = chat_template
    eos_id, pad_id = tokenizer.convert_tokens_to_ids(EOS), tokenizer.convert_tokens_to_ids(PAD)

    config = GPT2Config(vocab_size=len(tokenizer), n_positions=1024, n_embd=64, n_layer=2, n_head=4,
                        bos_token_id=eos_id, eos_token_id=eos_id, pad_token_id=pad_id,
                        tie_word_embeddings=not answers)
    torch.manual_seed(seed)
    model = GPT2LMHeadModel(config)
    if answers:
        _script(model, [tokenizer.convert_tokens_to_ids(a) for a in answers], eos_id)
    model.generation_config.eos_token_id = eos_id
    model.generation_config.pad_token_id = pad_id
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def _script(model, answer_ids: list[int], eos_id: int, sharpness: float = 4.0) -> None:
    """Make the network a bigram table: blocks add nothing to the residual stream and positions are
    ignored, every ordinary token embeds as e0 and every answer token as e1, so after layer norm the
    last token's kind alone picks the next token: ordinary -> any answer (equal logits), answer -> EOS."""
    import torch

    with torch.no_grad():
        for block in model.transformer.h:
            for proj in (block.attn.c_proj, block.mlp.c_proj):
                proj.weight.zero_()
                proj.bias.zero_()
        model.transformer.wpe.weight.zero_()
        wte = model.transformer.wte.weight
        wte.zero_()
        wte[:, 0] = 1.0
        for i in answer_ids:
            wte[i, 0], wte[i, 1] = 0.0, 1.0
        head = model.lm_head.weight
        head.zero_()
        for i in answer_ids:
            head[i, 0] = sharpness
        head[eos_id, 1] = sharpness
