"""Training answers that (nearly) repeat an answer of a pack evaluation set, and their removal.

    python benchmarks/pack_overlap.py            # list them
    python benchmarks/pack_overlap.py --drop     # rewrite train/ and dev/ without them

The pack sets (``benchmarks/data/topics``) are written by many writers under similar briefs,
and writers converge on the same stock complaints, sometimes word for word ("Brak ukrytych
opłat, wszystko jasno rozpisane na fakturze."). A tuning or development answer counts as a
repeat of an evaluation answer when both have at least ``MIN_WORDS`` distinct words and their
word sets (lower-cased ``\\w+`` tokens) overlap with Jaccard similarity >= ``THRESHOLD``:
verbatim copies, copies with another number or tense, and close paraphrases ("Ceny prądu
poszły w górę o 30%, a nikt mnie wcześniej nie uprzedził" / "Ceny prądu poszły w górę o 30% i
nikt nie uprzedził" is 0.53 and stays). Such answers are left out of the files a reader is
trained on, so the held-out figures stay held out; ``tests/topics/test_pack_sets.py`` checks
that none is left.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "topics"
THRESHOLD = 0.6
MIN_WORDS = 4
_WORD = re.compile(r"\w+")


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def evaluation_texts(folder: Path = DATA) -> list[tuple[str, str]]:
    """(id, text) of every answer of the evaluation sets ``<pack>.jsonl``."""
    return [(r["id"], r["text"]) for p in sorted(folder.glob("*.jsonl")) for r in read_rows(p)]


def repeats(texts: Iterable[tuple[str, str]], reference: Iterable[tuple[str, str]], *,
            threshold: float = THRESHOLD, min_words: int = MIN_WORDS,
            ) -> list[tuple[str, str, float]]:
    """(id, reference id, similarity) for each text that repeats a reference text (its most
    similar one)."""
    ref = [(rid, words(t)) for rid, t in reference]
    ref = [(rid, w) for rid, w in ref if len(w) >= min_words]
    index: dict[str, list[int]] = defaultdict(list)
    for k, (_, w) in enumerate(ref):
        for token in w:
            index[token].append(k)
    found = []
    for tid, text in texts:
        w = words(text)
        if len(w) < min_words:
            continue
        shared: dict[int, int] = defaultdict(int)
        for token in w:
            for k in index.get(token, ()):
                shared[k] += 1
        best, best_k = 0.0, -1
        for k, n in shared.items():
            sim = n / (len(w) + len(ref[k][1]) - n)
            if sim > best:
                best, best_k = sim, k
        if best >= threshold:
            found.append((tid, ref[best_k][0], round(best, 3)))
    return found


def training_files(folder: Path = DATA) -> list[Path]:
    return sorted((folder / "train").glob("*.jsonl")) + sorted((folder / "dev").glob("*.jsonl"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drop", action="store_true",
                    help="rewrite the train/ and dev/ files without the repeats")
    args = ap.parse_args()
    reference = evaluation_texts()
    texts = dict(reference)
    total = 0
    for path in training_files():
        rows = read_rows(path)
        hits = repeats(((r["id"], r["text"]) for r in rows), reference)
        total += len(hits)
        gone = {h[0] for h in hits}
        print(f"{path.relative_to(DATA)}: {len(hits)} of {len(rows)}")
        for tid, rid, sim in hits:
            row = next(r for r in rows if r["id"] == tid)
            print(f"  {sim:.2f} {tid} {row['text'][:60]!r} ~ {rid} {texts[rid][:60]!r}")
        if args.drop and gone:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                    for r in rows if r["id"] not in gone), encoding="utf-8")
    print(f"{total} repeats" + (" dropped" if args.drop else ""))


if __name__ == "__main__":
    main()
