"""``sentiment.transformer.v1``: fine-tune a local Hugging Face encoder as a sentiment classifier.

>>> from cxtext.sentiment.transformer import TransformerSentiment
>>> model = TransformerSentiment(checkpoint="models/herbert-base-cased")  # doctest: +SKIP
>>> model.fit(texts, labels).predict_proba(["Nie polecam, kurier spóźniony"])  # doctest: +SKIP

The checkpoint is always a local folder (``save_pretrained`` output or a downloaded
snapshot); nothing is ever fetched from the Hugging Face Hub. Inference follows the
pipeline split of :mod:`transformers`: :meth:`~TransformerSentiment.preprocess`
(normalise + tokenise), :meth:`~TransformerSentiment._forward` (model under
``torch.inference_mode()``) and :meth:`~TransformerSentiment.postprocess` (softmax
into ``classes_`` order).

A saved model folder holds the usual ``config.json``/``metadata.json`` plus ``hf/``:
the fine-tuned model as ``model.safetensors`` and its tokenizer files. Loading
requires safetensors weights, so nothing is unpickled.

torch and transformers are imported only inside methods, so ``import cxtext`` works
without them (install the ``transformers`` extra to use this backend).
"""

from __future__ import annotations

import inspect
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import ConfigError, InputError, ModelLoadError
from cxtext.sentiment.base import (
    LABELS,
    SentimentModel,
    as_texts,
    backends,
    check_labels,
    ordered_classes,
)
from cxtext.text import normalize

if TYPE_CHECKING:  # pragma: no cover
    import torch
    from transformers import BatchEncoding

__all__ = ["TransformerSentiment"]

logger = logging.getLogger(__name__)

#: Sub-folder of a cxtext model folder that holds the Hugging Face model and tokenizer.
HF_SUBDIR = "hf"
_MAX_GRAD_NORM = 1.0
_NO_LIMIT = 10**6
_NO_DECAY = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")


def _import_torch() -> Any:
    try:
        import torch
    except ImportError:  # pragma: no cover - depends on the environment
        raise ModelLoadError(
            "sentiment.transformer.v1 needs PyTorch, which is not installed. "
            "Fix: pip install 'cxtext[transformers]'."
        ) from None
    return torch


@backends.register("sentiment.transformer.v1")
class TransformerSentiment(SentimentModel):
    """Fine-tuned transformer encoder (BERT, HerBERT, XLM-R, ...) with a classification head.

    Parameters
    ----------
    checkpoint:
        LOCAL folder of a Hugging Face checkpoint (``config.json``, ``model.safetensors``,
        tokenizer files). Hub ids are not accepted: nothing is downloaded.
    max_length:
        Tokens per answer; longer answers are truncated.
    batch_size:
        Mini-batch size for training and inference.
    epochs, learning_rate, weight_decay, warmup_ratio:
        AdamW fine-tuning with a linear warm-up/decay schedule; ``warmup_ratio`` is the
        share of all optimisation steps spent warming up.
    device:
        ``"auto"`` (CUDA when available, else CPU) or a torch device string.
    random_state:
        Seed of the classification-head initialisation, dropout and batch shuffling.
        The global torch RNG is left as it was.

    Attributes
    ----------
    classes_:
        Labels seen in ``fit``, in :data:`~cxtext.sentiment.base.LABELS` order.
    model_, tokenizer_:
        The fine-tuned Hugging Face model (in eval mode) and its tokenizer.
    device_:
        The device the model lives on, e.g. ``"cpu"``.
    loss_curve_:
        Mean training loss per epoch (only after ``fit`` in this process; not saved).
    """

    backend = "sentiment.transformer.v1"

    def __init__(
        self,
        *,
        checkpoint: str | Path | None = None,
        max_length: int = 128,
        batch_size: int = 32,
        epochs: int = 3,
        learning_rate: float = 5e-5,
        weight_decay: float = 0.01,
        warmup_ratio: float = 0.1,
        device: str = "auto",
        random_state: int = 0,
    ) -> None:
        self.checkpoint = checkpoint
        self.max_length = max_length
        self.batch_size = batch_size
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.device = device
        self.random_state = random_state

    # -- training -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> TransformerSentiment:
        """Fine-tune ``checkpoint`` on answers ``X`` with sentiment labels ``y``."""
        texts = as_texts(X)
        if isinstance(y, (str, bytes)):
            raise InputError("y must be a list of labels, one per text, not a single string.")
        labels = check_labels(y)
        if len(labels) != len(texts):
            raise InputError(f"Got {len(texts)} texts but {len(labels)} labels; pass one per text.")
        classes = ordered_classes(labels)
        if len(classes) < 2:
            raise InputError(
                f"Training needs at least two different labels, got only {list(classes)}."
            )
        self._check_params()
        torch = _import_torch()
        checkpoint = self._checkpoint_dir()
        device = _resolve_device(self.device)

        label2id = {str(c): i for i, c in enumerate(classes)}
        targets = torch.tensor([label2id[lab] for lab in labels], dtype=torch.long)
        cuda_devices = [torch.device(device).index or 0] if device.startswith("cuda") else []
        with torch.random.fork_rng(devices=cuda_devices):
            torch.manual_seed(self.random_state)
            self.classes_ = classes
            self.device_ = device
            self.tokenizer_ = _load_tokenizer(checkpoint)
            model = _load_model(checkpoint, classes=classes, new_head=True)
            self.model_ = model.to(device)
            self.loss_curve_ = self._train(texts, targets)
        self.model_.eval()
        return self

    def _train(self, texts: list[str], targets: torch.Tensor) -> list[float]:
        import torch
        from torch.nn.functional import cross_entropy
        from transformers import get_linear_schedule_with_warmup

        model = self.model_
        n = len(texts)
        steps_per_epoch = math.ceil(n / self.batch_size)
        total_steps = steps_per_epoch * self.epochs
        decay: list[torch.nn.Parameter] = []
        no_decay: list[torch.nn.Parameter] = []
        for name, param in model.named_parameters():
            if param.requires_grad:
                (no_decay if name.endswith(_NO_DECAY) else decay).append(param)
        optimizer = torch.optim.AdamW(
            [
                {"params": decay, "weight_decay": self.weight_decay},
                {"params": no_decay, "weight_decay": 0.0},
            ],
            lr=self.learning_rate,
        )
        scheduler = get_linear_schedule_with_warmup(
            optimizer, int(self.warmup_ratio * total_steps), total_steps
        )
        generator = torch.Generator().manual_seed(self.random_state)
        curve: list[float] = []
        model.train()
        for epoch in range(self.epochs):
            order = torch.randperm(n, generator=generator).tolist()
            total, seen = 0.0, 0
            for start in range(0, n, self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self.preprocess([texts[i] for i in idx]).to(self.device_)
                logits = model(**batch).logits
                loss = cross_entropy(logits, targets[idx].to(self.device_))
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), _MAX_GRAD_NORM)
                optimizer.step()
                scheduler.step()
                total += loss.item() * len(idx)
                seen += len(idx)
            curve.append(total / seen)
            logger.info("epoch %d/%d: mean training loss %.4f", epoch + 1, self.epochs, curve[-1])
        return curve

    # -- inference: preprocess -> _forward -> postprocess -----------------------------------
    def preprocess(self, texts: list[str]) -> BatchEncoding:
        """Normalise and tokenise a batch of answers into padded PyTorch tensors."""
        return self.tokenizer_(
            [normalize(t) for t in texts],
            padding=True,
            truncation=True,
            max_length=self._token_limit(),
            return_tensors="pt",
        )

    def _token_limit(self) -> int:
        """``max_length``, capped at what the model's position embeddings allow."""
        limit = int(self.max_length)
        tokenizer_max = getattr(self.tokenizer_, "model_max_length", None) or _NO_LIMIT
        positions = getattr(self.model_.config, "max_position_embeddings", None) or _NO_LIMIT
        # a tokenizer without a known limit says ~1e30: fall back to the position table
        # (RoBERTa-style models reserve 2 positions, but their tokenizers carry the limit)
        cap = tokenizer_max if tokenizer_max < _NO_LIMIT else positions
        return max(1, min(limit, cap))

    def _forward(self, batch: BatchEncoding) -> torch.Tensor:
        """Logits of one tokenised batch (no gradients)."""
        import torch

        with torch.inference_mode():
            return self.model_(**batch.to(self.device_)).logits

    def postprocess(self, logits: torch.Tensor) -> np.ndarray:
        """Softmax of the logits, columns in ``classes_`` order (float64, rows sum to 1)."""
        import torch

        label2id = self.model_.config.label2id
        columns = [int(label2id[str(c)]) for c in self.classes_]
        probs = torch.softmax(logits.detach().to("cpu", torch.float64), dim=-1)
        return probs[:, columns].numpy()

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each label in ``classes_`` per text."""
        check_is_fitted(self)
        texts = as_texts(X)
        out = np.empty((len(texts), len(self.classes_)), dtype=np.float64)
        if not texts:
            return out
        self.model_.eval()
        # batches of similar length waste less compute on padding
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            batch = self.preprocess([texts[i] for i in idx])
            out[idx] = self.postprocess(self._forward(batch))
        return out

    # -- persistence ------------------------------------------------------------------------
    def _save_weights(self, folder: Path) -> None:
        target = Path(folder) / HF_SUBDIR
        kwargs: dict[str, Any] = {}
        if "safe_serialization" in inspect.signature(self.model_.save_pretrained).parameters:
            kwargs["safe_serialization"] = True  # transformers 4.x; 5.x always writes safetensors
        self.model_.save_pretrained(target, **kwargs)
        self.tokenizer_.save_pretrained(target)

    @classmethod
    def _load_weights(cls, folder: Path, config: dict[str, Any]) -> TransformerSentiment:
        names = cls._get_param_names()
        params = {k: v for k, v in dict(config.get("params") or {}).items() if k in names}
        model = cls(**params)
        labels = [str(v) for v in config.get("labels") or []]
        classes = ordered_classes(labels)
        if len(labels) < 2 or list(classes) != labels:
            raise ModelLoadError(
                f"{folder}/config.json lists labels {labels}; expected two or more distinct "
                f"labels from {', '.join(LABELS)} in that order."
            )
        hf_dir = Path(folder) / HF_SUBDIR
        if not hf_dir.is_dir():
            raise ModelLoadError(f"Model weights {hf_dir} are missing; the folder is incomplete.")
        _import_torch()
        model.classes_ = classes
        model.device_ = _resolve_device(model.device)
        model.tokenizer_ = _load_tokenizer(hf_dir)
        model.model_ = _load_model(hf_dir, classes=classes, new_head=False).to(model.device_)
        model.model_.eval()
        return model

    # -- helpers ----------------------------------------------------------------------------
    def _check_params(self) -> None:
        for name in ("max_length", "batch_size", "epochs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer, got {value!r}.")
        if not 0.0 <= self.warmup_ratio <= 1.0:
            raise ConfigError(f"warmup_ratio must be within [0, 1], got {self.warmup_ratio!r}.")
        if self.learning_rate <= 0 or self.weight_decay < 0:
            raise ConfigError(
                f"learning_rate must be > 0 and weight_decay >= 0, got {self.learning_rate!r} "
                f"and {self.weight_decay!r}."
            )

    def _checkpoint_dir(self) -> Path:
        if self.checkpoint is None or str(self.checkpoint).strip() == "":
            raise ModelLoadError(
                "sentiment.transformer.v1 needs checkpoint=<local folder of a Hugging Face "
                "model>. Nothing is downloaded: save or download the model first and pass "
                "its folder."
            )
        path = Path(self.checkpoint).expanduser()
        if not path.is_dir():
            raise ModelLoadError(
                f"Checkpoint {str(self.checkpoint)!r} is not a local folder. cxtext never "
                "downloads models (no Hugging Face Hub ids): nothing is downloaded. Fix: pass a "
                "local folder, e.g. one written by save_pretrained() or `hf download <id> "
                "--local-dir <folder>`."
            )
        return path


def _resolve_device(device: str) -> str:
    torch = _import_torch()
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        return str(torch.device(device))
    except (RuntimeError, TypeError):
        raise ConfigError(
            f"device must be 'auto', 'cpu', 'cuda' or 'cuda:<n>', got {device!r}."
        ) from None


def _load_tokenizer(path: Path) -> Any:
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(f"Cannot load a tokenizer from {path}: {exc}") from None


def _load_model(path: Path, *, classes: np.ndarray, new_head: bool) -> Any:
    """Load a sequence-classification model with safetensors weights only (never pickle).

    ``new_head=True`` (fine-tuning) gives a freshly initialised head sized for
    ``classes``; ``new_head=False`` (a saved cxtext model) requires the stored head to
    match ``classes`` exactly.
    """
    import torch
    from transformers import AutoModelForSequenceClassification

    id2label = {i: str(c) for i, c in enumerate(classes)}
    kwargs: dict[str, Any] = {"local_files_only": True, "use_safetensors": True}
    if new_head:
        kwargs.update(
            num_labels=len(classes),
            id2label=id2label,
            label2id={c: i for i, c in id2label.items()},
            problem_type="single_label_classification",
            ignore_mismatched_sizes=True,
        )
    try:
        model = AutoModelForSequenceClassification.from_pretrained(path, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(
            f"Cannot load a sequence-classification model from {path}: {exc}. The folder must "
            "hold config.json and model.safetensors (cxtext loads no pickled .bin weights; "
            "convert with model.save_pretrained(folder))."
        ) from None
    if not new_head:
        stored = {int(i): str(lab) for i, lab in model.config.id2label.items()}
        if stored != id2label:
            raise ModelLoadError(
                f"{path} has output labels {stored}, but config.json lists "
                f"{list(id2label.values())}."
            )
    if any(p.dtype != torch.float32 for p in model.parameters()):
        model = model.float()  # fine-tuning/inference in fp32; half-precision checkpoints are cast
    return model
