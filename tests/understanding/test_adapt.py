"""Adapting the sentence encoder to a policy (`activities/understanding/adapt.py`) and running what it writes.

One short real fine-tune of the module (a dozen steps on brightwave's 66 phrasings, a few seconds on
2 cores) feeds every test: the written directory must load in the torch-free encoder, pull each query
type's phrasings together, carry a manifest the worker can check against its policy, and read turns
through the embedded back-end when `WARMLINE_ENCODER_DIR` names it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from activities.understanding import adapt
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.encoder import MiniLmEncoder, model_dir
from activities.understanding.factory import make_understander
from activities.understanding.head_data import head_training_set
from tests.run_line_script import load_run_line
from tests.understanding.conftest import FIXTURES, policy
from warmline.policy import Policy
from warmline.settings import Settings, get_settings
from warmline.understanding import UnderstandingRequest

pytestmark = pytest.mark.skipif(not adapt.can_adapt(), reason="adapting needs the `embeddings` extra (torch)")

BW = "brightwave"
QUICK = ["--epochs", "1", "--min-steps", "12", "--batch-size", "16"]


@pytest.fixture(scope="module")
def adapted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Brightwave's encoder, adapted through the command line the README documents."""
    out = tmp_path_factory.mktemp("encoder") / "brightwave"
    assert adapt.main(["--policy", str(FIXTURES / f"{BW}.yaml"), "--out", str(out), *QUICK]) == 0
    return out


def _separation(encoder: MiniLmEncoder, p: Policy) -> float:
    """Mean over phrasings of (cosine to its own query type's centroid - best cosine to another's)."""
    texts, labels, n = head_training_set(p)
    x = encoder.encode(texts)
    y = np.asarray(labels)
    centroids = np.vstack([x[y == c].mean(axis=0) for c in range(n)])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    sims = x @ centroids.T
    own = sims[np.arange(len(y)), y]
    sims[np.arange(len(y)), y] = -np.inf
    return float((own - sims.max(axis=1)).mean())


def test_the_directory_has_the_base_layout_and_a_manifest_of_what_it_learnt(adapted: Path) -> None:
    assert {"model.safetensors", "tokenizer.json", "config.json", adapt.MANIFEST} <= {f.name for f in adapted.iterdir()}
    assert not adapted.with_name(adapted.name + ".partial").exists()
    m = adapt.read_manifest(adapted)
    assert m is not None
    texts, _, n = head_training_set(policy(BW))
    assert (m.policy_company, m.classes, m.examples, m.steps) == (policy(BW).company, n, len(texts), 12)
    assert m.examples_sha256 == adapt.examples_digest(policy(BW)) and m.options.batch_size == 16
    assert m.loss_last < m.loss_first  # it learnt something, measured on its own batches
    assert adapt.read_manifest(model_dir()) is None


def test_the_adapted_weights_run_without_torch_in_numpy_and_onnx_runtime(adapted: Path) -> None:
    texts = ["my broadband keeps dropping", "can I pay by direct debit", "hi"]
    ort, plain, base = MiniLmEncoder(adapted), MiniLmEncoder(adapted, use_ort=False), MiniLmEncoder()
    a, b = ort.encode(texts), plain.encode(texts)
    assert a.shape == (3, 384) and np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) > 0.98  # the 8-bit products' distance (onnx_encoder.py)
    assert not np.allclose(a, base.encode(texts), atol=1e-2)  # new weights, not the base model's


def test_adaptation_pulls_each_query_type_s_phrasings_together(adapted: Path) -> None:
    p = policy(BW)
    assert _separation(MiniLmEncoder(adapted), p) > _separation(MiniLmEncoder(), p) + 0.02


def test_the_worker_log_says_whether_the_encoder_fits_the_policy(adapted: Path, tmp_path: Path) -> None:
    assert adapt.encoder_status(None, policy(BW)) == "base all-MiniLM-L6-v2"
    assert "adapted to this policy's examples" in adapt.encoder_status(adapted, policy(BW))
    other = adapt.encoder_status(adapted, policy("riverside_dental"))
    assert "adapted to other examples (Brightwave Broadband" in other and "re-run the adaptation" in other
    assert "not adapted by warmline" in adapt.encoder_status(model_dir(), policy(BW))


def test_the_embedded_backend_reads_turns_with_the_adapted_encoder(adapted: Path) -> None:
    u = EmbeddedUnderstander(policy(BW), adapted)
    assert u.model is not EmbeddedUnderstander(policy(BW)).model
    got = u.understand_now(
        UnderstandingRequest(call_id="t", turn=1, text="is there a quicker broadband package I could move to?")
    )
    assert (got.intent, got.out_of_scope) == ("plan_upgrade", False) and got.confidence >= 0.5


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.delenv("WARMLINE_ENCODER_DIR", raising=False)
    get_settings.cache_clear()


def test_warmline_encoder_dir_reaches_the_embedded_and_llm_fallback_backends(
    adapted: Path, clean_settings: pytest.MonkeyPatch
) -> None:
    from activities.understanding.llm import LlmUnderstander

    clean_settings.setenv("WARMLINE_ENCODER_DIR", str(adapted))
    clean_settings.setenv("WARMLINE_LLM_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    adapted_model = EmbeddedUnderstander(policy(BW), adapted).model
    embedded = make_understander(policy(BW), "embedded")
    assert isinstance(embedded, EmbeddedUnderstander) and embedded.model is adapted_model
    llm = make_understander(policy(BW), "llm")
    assert isinstance(llm, LlmUnderstander) and llm.fallback.model is adapted_model


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "is not a directory"),
        (lambda d: d, "has no model.safetensors or tokenizer.json"),
    ],
)
def test_a_bad_encoder_dir_is_a_config_error_naming_the_field(
    tmp_path: Path, make: object, message: str, clean_settings: pytest.MonkeyPatch
) -> None:
    assert callable(make)
    with pytest.raises(ValidationError, match="encoder_dir") as e:
        Settings(encoder_dir=make(tmp_path))
    assert message in str(e.value) and "python -m activities.understanding.adapt" in str(e.value)
    clean_settings.setenv("WARMLINE_ENCODER_DIR", str(make(tmp_path)))
    with pytest.raises(ValidationError, match="encoder_dir"):
        get_settings()


def test_it_never_overwrites_a_directory_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError, match="is not an adapted encoder"):
        adapt.adapt(policy(BW), tmp_path, adapt.AdaptOptions(epochs=1, min_steps=1))
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_one_class_is_not_enough_to_adapt(tmp_path: Path) -> None:
    one = policy(BW).model_copy(update={"query_types": policy(BW).query_types[:1], "out_of_scope_examples": []})
    with pytest.raises(ValueError, match="at least two classes"):
        adapt.adapt(one, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_torch_threads_wait_passively_unless_the_operator_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spinning OpenMP threads stall adaptation on a busy box (adapt.py); an operator's own setting stands."""
    one = policy(BW).model_copy(update={"query_types": policy(BW).query_types[:1], "out_of_scope_examples": []})
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    with pytest.raises(ValueError, match="at least two classes"):
        adapt.adapt(one, tmp_path / "out")
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    with pytest.raises(ValueError, match="at least two classes"):
        adapt.adapt(one, tmp_path / "out")
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


def test_the_command_reports_bad_input_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("company: x\nquery_types: nope\n")
    assert adapt.main(["--policy", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert adapt.main(["--policy", str(FIXTURES / f"{BW}.yaml"), "--out", str(tmp_path / "o"), "--lr", "0"]) == 2
    assert "lr" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("argv", "extra", "adapts"),
    [
        ([], {}, True),
        ([], {"WARMLINE_UNDERSTANDING": "llm"}, True),  # its fallback reads turns with the encoder
        (["--base-encoder"], {}, False),
        ([], {"WARMLINE_ENCODER_DIR": "/srv/encoder"}, False),  # the operator's own
        ([], {"WARMLINE_UNDERSTANDING": "lexical"}, False),
    ],
)
def test_the_line_adapts_its_encoder_unless_told_otherwise(
    argv: list[str], extra: dict[str, str], adapts: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("WARMLINE_ENCODER_DIR", "WARMLINE_UNDERSTANDING"):
        monkeypatch.delenv(name, raising=False)
    rl = load_run_line()
    args = rl.parse_args([*argv, "--policy", str(FIXTURES / f"{BW}.yaml")])
    env = {**rl.child_env(args), "WARMLINE_DATA_DIR": "/tmp/wl", **extra}
    command = rl.adapt_command(args, env)
    assert (command is not None) == adapts
    if command:
        assert command[command.index("--out") + 1] == "/tmp/wl/encoders/brightwave" and "--reuse" in command


def test_the_line_reuses_an_adapted_encoder_and_starts_without_one_when_adapting_fails(
    adapted: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    rl = load_run_line()
    data = tmp_path / "data"
    shutil.copytree(adapted, data / "encoders" / BW)
    before = (data / "encoders" / BW / adapt.MANIFEST).read_text()
    args = rl.parse_args(["--policy", str(FIXTURES / f"{BW}.yaml")])
    env = {**rl.child_env(args), "WARMLINE_DATA_DIR": str(data)}
    env.pop("WARMLINE_ENCODER_DIR", None)
    command = rl.adapt_command(args, env)
    rl.adapt_encoder(command, env)
    assert env["WARMLINE_ENCODER_DIR"] == str(data / "encoders" / BW)
    assert (data / "encoders" / BW / adapt.MANIFEST).read_text() == before  # not trained again
    assert "adapted to these examples already" in capfd.readouterr().out

    bad = tmp_path / "bad.yaml"
    bad.write_text("company: x\n")
    args = rl.parse_args(["--policy", str(bad)])
    env = {**rl.child_env(args), "WARMLINE_DATA_DIR": str(data)}
    env.pop("WARMLINE_ENCODER_DIR", None)
    rl.adapt_encoder(rl.adapt_command(args, env), env)
    assert "WARMLINE_ENCODER_DIR" not in env
    err = capfd.readouterr().err
    assert "error: " in err and "starting with the base encoder" in err


def test_another_model_s_weights_are_refused_with_a_message(adapted: Path, tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    wide = tmp_path / "wide"
    shutil.copytree(adapted, wide)
    save_file({"embeddings.word_embeddings.weight": np.zeros((10, 768), dtype=np.float32)}, wide / "model.safetensors")
    with pytest.raises(ValueError, match=r"is not an all-MiniLM-L6-v2 encoder \(no embeddings.position"):
        MiniLmEncoder(wide)
    garbage = tmp_path / "garbage"
    shutil.copytree(adapted, garbage)
    (garbage / "model.safetensors").write_bytes(b"not a model")
    with pytest.raises(ValueError, match=r"does not hold a readable model.*activities\.understanding\.adapt"):
        MiniLmEncoder(garbage)


@pytest.mark.parametrize("backend", ["embedded", "llm"])  # llm: its embedded fallback reads the encoder
def test_the_worker_s_backend_names_the_setting_when_its_encoder_is_unreadable(
    backend: str, tmp_path: Path, adapted: Path, clean_settings: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(adapted, broken)
    (broken / "model.safetensors").write_bytes(b"truncated")
    clean_settings.setenv("WARMLINE_ENCODER_DIR", str(broken))
    clean_settings.setenv("WARMLINE_LLM_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match=r"^WARMLINE_ENCODER_DIR: .*broken does not hold a readable model"):
        make_understander(policy(BW), backend)
