"""A three-layer encoder trained to read like six: all-MiniLM-L6-v2 distilled into three of its layers.

Understanding's CPU per turn is mostly the encoder, and running only MiniLM's first three layers saves ~45 % of
a pass; but the cut's pooled vectors are not six layers' (they crowd into one cone), and a fitted linear map
back to six's (`layer_map.py`) reached held-out cosine ~0.8 only and read 6-7 points worse (bench/README.md,
"A fitted map from four (or three) layers' vectors..."). This module *trains* the cut instead: a student made
of the teacher's (frozen) embeddings and three of its six transformer layers is fitted, with torch, offline and
seeded, so that its mean-pooled unit vector matches the six-layer teacher's (cosine loss) on texts that are no
evaluation call: the shipped phrasing sets, the calibration phrasings, CLINC150's train split and the public
dialogue extracts under `acts_data/` (the rule of `layer_map.py`'s fitting set). CLINC150's test split is held
out for the cosine report (the same 1 600 texts as the map's).

The student ships like the base model (`weights.py`'s 8-bit groups), only its three layers' weights (the
embeddings are the base's), in `distilled3/`; the line runs it through the first-3 ONNX graph when
`WARMLINE_ENCODER=distilled3` (bench/README.md, "A three-layer student distilled from six"). This is the
training tool only (torch, the `embeddings` extra): the texts it fits on and the teacher's vectors of them are
`distil_texts.py`'s, and what the running line needs of the student (its files, loading, the checksum) is
`student.py`'s, which the worker imports without this module.

    python -m activities.understanding.distil                  # train (seeded), write distilled3/, print cosines
    python -m activities.understanding.distil --check          # the shipped student's checksum and shapes
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from activities.understanding.distil_texts import held_out_texts, teacher_vectors, training_texts
from activities.understanding.student import BUILD, DIM, MODEL, OUT_DIR, RANGES, K, check, sha256

if TYPE_CHECKING:
    import torch

Tokenise = Callable[[list[str]], tuple["torch.Tensor", "torch.Tensor"]]

SEED = 16
# Which of the teacher's six layers start the student (its layers 0, 1, 2). The shipped student started from
# 0, 2, 4 (every other layer, as DistilBERT); the others were not run for time (`--init 012 135` compares them).
INITS: dict[str, tuple[int, int, int]] = {"012": (0, 1, 2), "024": (0, 2, 4), "135": (1, 3, 5)}


@dataclass(frozen=True)
class Options:
    init: str = "024"
    steps: int = 500
    batch: int = 64
    lr: float = 3e-4
    seed: int = SEED
    threads: int = 2
    report_every: int = 100
    watch: int = 400  # held-out texts whose cosine is reported during training (all of them at the end)


@dataclass
class Result:
    """What a run reports: its held-out cosines to the teacher and its loss, per report."""

    init: str
    seconds: float = 0.0
    history: list[tuple[int, float, float]] = field(default_factory=list)  # (step, loss, held-out mean cosine)
    state: dict[str, np.ndarray] = field(default_factory=dict)  # the student's layers, float32, keyed as shipped


def _torch_models(init: tuple[int, ...]) -> tuple[torch.nn.Module, Tokenise]:
    """(student, tokenise): a K-layer BERT with the base's embeddings (frozen) and the `init` layers (float32)."""
    import torch
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertModel

    from activities.understanding.encoder import MAX_TOKENS
    from activities.understanding.weights import BASE_DIR, load_weights, reference_dir

    ref = reference_dir()
    if ref is None:
        raise RuntimeError("distilling needs the `embeddings` extra (torch, transformers): pip install '.[embeddings]'")
    # The line's own weights (8-bit, read back as float32): the embeddings the student runs over at run time.
    weights = {k: torch.from_numpy(v) for k, v in load_weights(BASE_DIR / MODEL).items()}
    student = BertModel(BertConfig.from_pretrained(str(ref), num_hidden_layers=K), add_pooling_layer=False)
    state = {k: v for k, v in weights.items() if k.startswith("embeddings.")}
    for new, old in enumerate(init):
        p = f"encoder.layer.{old}."
        state |= {f"encoder.layer.{new}." + k[len(p) :]: v for k, v in weights.items() if k.startswith(p)}
    missing = [k for k in student.load_state_dict(state, strict=False).missing_keys if "position_ids" not in k]
    if missing:
        raise ValueError(f"the student's {missing[0]} has no weight")
    for p_ in student.embeddings.parameters():
        p_.requires_grad_(False)  # the line runs the base's embeddings: only the layers are shipped
    tok = Tokenizer.from_file(str(BASE_DIR / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()

    def tokenise(texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        ids = [e.ids for e in tok.encode_batch(texts)]
        length = max(len(i) for i in ids)
        x = torch.zeros((len(ids), length), dtype=torch.long)
        mask = torch.zeros((len(ids), length), dtype=torch.long)
        for r, row in enumerate(ids):
            x[r, : len(row)] = torch.tensor(row)
            mask[r, : len(row)] = 1
        return x, mask

    return student, tokenise


def _pooled(model: torch.nn.Module, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    hidden = model(input_ids=x, attention_mask=mask).last_hidden_state
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def _embed(model: torch.nn.Module, tokenise: Tokenise, texts: list[str]) -> np.ndarray:
    """Unnormalised pooled vectors, in order, batched by length (no gradient)."""
    import torch

    out = np.zeros((len(texts), DIM), np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.no_grad():
        for s in range(0, len(order), 128):
            idx = order[s : s + 128]
            x, mask = tokenise([texts[i] for i in idx])
            out[idx] = _pooled(model, x, mask).numpy()
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def cosines(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """(mean, p5, min) of the row-wise cosines of two sets of vectors."""
    c = (_unit(a) * _unit(b)).sum(axis=1)
    return float(c.mean()), float(np.percentile(c, 5)), float(c.min())


def train(
    texts: list[str],
    held_out: list[str],
    opts: Options,
    progress: Callable[[str], None] = lambda _line: None,
    teacher: Callable[[list[str]], np.ndarray] = teacher_vectors,
) -> Result:
    """Fit a K-layer student to the teacher's pooled unit vectors on `texts` (seeded: same run, same weights)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # a shared box: OpenMP threads must not spin
    import torch

    torch.manual_seed(opts.seed)
    torch.set_num_threads(opts.threads)
    started = time.perf_counter()
    student, tokenise = _torch_models(INITS[opts.init])
    target = torch.from_numpy(teacher(texts))
    held_target = teacher(held_out)
    watch = held_out[: opts.watch]  # the cosine reported during training: a few held-out texts (all at the end)
    progress(f"teacher: {len(texts)} texts, {len(held_out)} held out ({time.perf_counter() - started:.0f} s)")
    params = [p for p in student.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=opts.lr, weight_decay=0.01)
    warmup = max(1, opts.steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (opts.steps - s) / opts.steps)
    )
    result = Result(opts.init)
    rng = random.Random(opts.seed)
    order: list[int] = []
    losses: list[float] = []

    def report(step: int) -> None:
        student.eval()
        some = held_out if step == opts.steps else watch
        mean = cosines(_embed(student, tokenise, some), held_target[: len(some)])[0]
        student.train()
        loss = sum(losses[-50:]) / max(1, len(losses[-50:]))
        result.history.append((step, loss, mean))
        progress(
            f"{opts.init} step {step}/{opts.steps} loss {loss:.4f} held-out cosine {mean:.4f} "
            f"({time.perf_counter() - started:.0f} s)"
        )

    report(0)
    student.train()
    for step in range(1, opts.steps + 1):
        if len(order) < opts.batch:
            more = list(range(len(texts)))
            rng.shuffle(more)
            order.extend(more)
        batch, order = order[: opts.batch], order[opts.batch :]
        x, mask = tokenise([texts[i] for i in batch])
        pooled = _pooled(student, x, mask)
        y = target[batch]
        loss = (1 - torch.nn.functional.cosine_similarity(pooled, y, dim=-1)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        losses.append(float(loss.item()))
        if step % opts.report_every == 0 or step == opts.steps:
            report(step)
    result.seconds = round(time.perf_counter() - started, 1)
    result.state = {
        k: v.detach().numpy().astype(np.float32).copy()
        for k, v in student.state_dict().items()
        if k.startswith("encoder.layer.")
    }
    return result


def write(state: dict[str, np.ndarray], out: Path, about: dict[str, str]) -> None:
    """`out`/model.safetensors (the layers, 8-bit as the base), input_ranges.npz, README and licence."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer

    from activities.understanding import smoothing
    from activities.understanding.weights import BASE_DIR, FORMAT, dequantise, load_stored, quantise

    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    stored = quantise(state)
    save_file(stored, str(tmp / MODEL), {"format": FORMAT, **about})
    (tmp / MODEL).chmod(0o644)
    # The 8-bit pass's SmoothQuant ranges, measured on the student as the line runs it (base embeddings).
    w = {k: v for k, v in dequantise(load_stored(BASE_DIR / MODEL)).items() if k.startswith("embeddings.")}
    w |= dequantise(stored)
    tok = Tokenizer.from_file(str(BASE_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)
    ranges = smoothing.measure(w, K, tok, smoothing.calibration_texts())
    np.savez(tmp / RANGES, **ranges)  # type: ignore[arg-type]
    shutil.copyfile(BASE_DIR / "LICENSE.txt", tmp / "LICENSE.txt")
    if (out / "README.md").is_file():
        shutil.copyfile(out / "README.md", tmp / "README.md")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=BUILD, description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="check the shipped student's checksum and shapes")
    ap.add_argument("--init", choices=sorted(INITS), nargs="+", default=[Options.init])
    ap.add_argument("--steps", type=int, default=Options.steps)
    ap.add_argument("--lr", type=float, default=Options.lr)
    ap.add_argument("--batch", type=int, default=Options.batch)
    ap.add_argument("--no-write", action="store_true", help="train and report only (comparing initialisations)")
    args = ap.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or f"{OUT_DIR / MODEL} is the shipped student", file=sys.stderr)
        return 1 if problems else 0
    texts, held = training_texts(), held_out_texts()
    print(f"training on {len(texts)} texts; {len(held)} held out", file=sys.stderr)
    best: Result | None = None
    for init in args.init:
        opts = Options(init=init, steps=args.steps, lr=args.lr, batch=args.batch)
        r = train(texts, held, opts, progress=lambda line: print(line, file=sys.stderr, flush=True))
        print(f"init {init}: held-out mean cosine {r.history[-1][2]:.4f} in {r.seconds:.0f} s")
        if best is None or r.history[-1][2] > best.history[-1][2]:
            best = r
    if args.no_write or best is None:
        return 0
    about = {
        "model": "distilled from sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0): three layers trained to "
        "match its six layers' pooled vectors",
        "init_layers": ",".join(map(str, INITS[best.init])),
        "steps": str(args.steps),
        "seed": str(SEED),
    }
    write(best.state, OUT_DIR, about)
    print(f"wrote {OUT_DIR / MODEL} ({(OUT_DIR / MODEL).stat().st_size // 1024} kB, sha256 {sha256(OUT_DIR / MODEL)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
