"""A bilingual thesaurus of concepts: a feature layer for words the corpus may never contain.

`corpus/concepts.json` maps about eighty concepts (not categories: "furniture", "play
equipment", "water body", "vehicle", "dark") to the Dutch and English words residents use
for them, dialect, slang and misspellings included. The model learns from the corpus how
each concept bears on each category ("vehicle" + "sidewalk" → wrong parking), so a word the
corpus never saw ("hobbelbeest", "zetel", "frigo") still counts once it is in the thesaurus.

Terms are matched against the folded text (lower case, no accents, only letters, digits and
spaces). A plain term or phrase matches whole words only ("rat" is not in "straat"); a term
starting with "~" matches inside a word too, for the parts of Dutch compounds ("~lantaarn"
finds "lantaarnpaal" and "straatlantaarn").
"""

from __future__ import annotations

import json
from pathlib import Path

THESAURUS_FILE = Path(__file__).parent / "corpus" / "concepts.json"


def _load(path: Path) -> dict[str, tuple[str, ...]]:
    with path.open(encoding="utf-8") as handle:
        raw: dict[str, list[str]] = json.load(handle)
    return {name: tuple(" ".join(t.split()) for t in terms) for name, terms in raw.items()}


class _Matcher:
    """Dictionary look-ups instead of one big regular expression: a regex alternation of
    thousands of terms costs ~3 ms per text, the look-ups a few dozen microseconds."""

    def __init__(self, thesaurus: dict[str, tuple[str, ...]], names: tuple[str, ...]) -> None:
        self.size = len(names)
        self.phrases: dict[str, list[int]] = {}  # whole words and phrases
        self.parts: dict[str, list[int]] = {}  # "~" terms: also inside a word
        for index, name in enumerate(names):
            for term in thesaurus[name]:
                table = self.parts if term.startswith("~") else self.phrases
                table.setdefault(term.removeprefix("~"), []).append(index)
        self.longest_phrase = max((p.count(" ") + 1 for p in self.phrases), default=1)
        self.shortest_part = min(map(len, self.parts), default=1)
        self.longest_part = max(map(len, self.parts), default=0)

    def hits(self, folded: str) -> list[int]:
        found = [0] * self.size
        words = folded.split()
        for length in range(1, self.longest_phrase + 1):
            for start in range(len(words) - length + 1):
                for index in self.phrases.get(" ".join(words[start : start + length]), ()):
                    found[index] = 1
        for word in words:
            for start in range(len(word) - self.shortest_part + 1):
                end = min(len(word), start + self.longest_part)
                for stop in range(start + self.shortest_part, end + 1):
                    for index in self.parts.get(word[start:stop], ()):
                        found[index] = 1
        return found


THESAURUS: dict[str, tuple[str, ...]] = _load(THESAURUS_FILE)
LEXICON_CONCEPTS: tuple[str, ...] = tuple(sorted(THESAURUS))
_MATCHER = _Matcher(THESAURUS, LEXICON_CONCEPTS)


def concept_hits(folded: str) -> list[int]:
    """1 for each concept (in `LEXICON_CONCEPTS` order) the folded text mentions, else 0."""
    return _MATCHER.hits(folded)
