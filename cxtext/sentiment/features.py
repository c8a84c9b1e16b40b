"""Text -> model inputs shared by the sentiment backends: cleaned text, language, lemma features."""

from __future__ import annotations

from collections.abc import Sequence

from cxtext.lang import detect_language, fold
from cxtext.nlp import features, pipe
from cxtext.text import clean_many

__all__ = ["prepare", "Prepared"]


class Prepared:
    """Cleaned texts, their languages and ``NEG_``-marked lemma features (parallel lists)."""

    __slots__ = ("texts", "langs", "features", "folded")

    def __init__(self, texts: list[str], langs: list[str], feats: list[list[str]]) -> None:
        self.texts = texts
        self.langs = langs
        self.features = feats
        self.folded = [fold(t) for t in texts]


def prepare(
    texts: Sequence[str],
    *,
    langs: Sequence[str | None] | None = None,
    lemmatizer: str = "simplemma",
    batch_size: int = 512,
) -> Prepared:
    """Normalise + redact, detect language where not given, tokenise, lemmatise, mark negation."""
    cleaned = [c.text for c in clean_many(texts)]
    if langs is None:
        lang_list = [detect_language(t) for t in cleaned]
    else:
        lang_list = [lg if lg else detect_language(t) for t, lg in zip(cleaned, langs, strict=True)]
    # answers too short to tell ("ok", "super") are tokenised with the Polish pipeline:
    # lemma lookups then still work for Polish one-word answers ("polecam", "drogo")
    pipe_langs = ["pl" if lg == "und" else lg for lg in lang_list]
    docs = pipe(cleaned, pipe_langs, batch_size=batch_size, lemmatizer=lemmatizer)
    return Prepared(cleaned, lang_list, [features(d) for d in docs])
