"""The extractor's fast paths give what the plain readings of the same rules give.

Each helper below was rewritten for speed (a compiled trie instead of splitting and re-joining
words, one regex pass instead of one match per word start, a last-word test before joining
phrases); each test runs the plain reading beside it on text from the seeds and on made-up edge
cases, so a later change to one of them cannot drift from the rule.
"""

import random
import re
from pathlib import Path

import pytest

from chitieu.core.quantity import Unit
from chitieu.demo import SEEDS_DIR
from chitieu.extract import context as C
from chitieu.extract import scan as S
from chitieu.extract.lexicon import CLASSIFIERS, DATE_WORDS, NAMING_NOUNS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(Path(SEEDS_DIR).glob("*.txt"))]
needs_seeds = pytest.mark.skipif(not SEED_TEXTS, reason=f"seed texts not found at {SEEDS_DIR}")


# --- trie_pattern -------------------------------------------------------------------------------


def test_trie_pattern_space_stands_for_a_pattern():
    rx = re.compile(rf"(?:{S.trie_pattern(['hộ', 'hộ nghèo', 'đảng viên'], space='[ ]+')})(?!\w)")
    assert rx.match("hộ   nghèo").group() == "hộ   nghèo"  # the longest phrase, any number of spaces
    assert rx.match("hộ nghèoo").group() == "hộ"
    assert rx.match("đảng viên").group() == "đảng viên"
    assert rx.match("đảng\tviên") is None


# --- _Tails -------------------------------------------------------------------------------------


def _ends_with(words: list[str], phrases: frozenset[str]) -> str | None:
    """The plain reading: join the last k words for each k, longest first."""
    for k in range(len(words), 0, -1):
        if " ".join(words[-k:]) in phrases:
            return " ".join(words[-k:])
    return None


@pytest.mark.parametrize("phrases", [DATE_WORDS, NAMING_NOUNS, ("từ", "không quá", "hơn")])
def test_tails_find_is_the_longest_phrase_ending_the_words(phrases):
    tails = S._Tails(phrases)
    vocabulary = sorted({w for p in phrases for w in p.split()} | {"đạt", "năm", "và"})
    rng = random.Random(3)
    for _ in range(3000):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 4))]
        assert tails.find(words) == _ends_with(words, frozenset(phrases)), words


# --- the noun after a figure --------------------------------------------------------------------

_WORDS_AFTER_RE = re.compile(rf"{S._SP}+([^\W\d_]+(?:{S._SP}+[^\W\d_]+){{0,3}})")


def _counted_after_plain(text: str, end: int) -> tuple[str | None, int]:
    """The plain reading of a lexicon noun after ``end``: the next words, longest known prefix."""
    m = _WORDS_AFTER_RE.match(text, end)
    if not m:
        return None, end
    low = [w.lower() for w in m.group(1).split()]
    nouns = S._count_nouns()
    most = max(len(n.split()) for n in nouns)

    def longest(words: list[str]) -> int:
        return next((k for k in range(min(most, len(words)), 0, -1) if " ".join(words[:k]) in nouns), 0)

    def end_of(k: int) -> int:
        return [w.end() for w in S._WORD_RE.finditer(text, m.start(1))][k - 1]

    k = longest(low)
    if not k:
        return None, end
    noun = " ".join(low[:k])
    if noun in CLASSIFIERS and len(low) > 1:
        k2 = longest(low[1:])
        if k2:
            return noun + " " + " ".join(low[1 : 1 + k2]), end_of(1 + k2)
    return noun, end_of(k)


def _figure_ends(text: str) -> list[int]:
    return [m.end() for m in re.finditer(r"\d[\d.,%]*", text)]


@pytest.mark.parametrize(
    "text",
    [
        "có 1.131 đảng  viên",
        "có 1.131 ĐẢNG VIÊN",
        "có 1.131 đảng\u00a0viên và 28 Chi\tbộ",
        "giúp 689 lượt hộ nghèo, 35 cuộc, 5 nhóm nhiệm vụ, 3 lượt",
        "12 tổ dân phố văn hóa; 4 hợp tác xã; 7 câu lạc bộ",
        "5 hộ5 người, 6 hộ-nghèo, 7 hộ_x",
    ],
)
def test_lexicon_noun_after_a_figure(text):
    sc = S._Scanner(text, S.lowered(text))
    for end in _figure_ends(text):
        assert sc.counted_after(end, strict=True) == _counted_after_plain(text, end), text[end:]


@needs_seeds
def test_lexicon_noun_after_every_seed_figure():
    for text in SEED_TEXTS:
        sc = S._Scanner(text, S.lowered(text))
        for end in _figure_ends(text):
            assert sc.counted_after(end, strict=True) == _counted_after_plain(text, end), text[end : end + 40]


# --- the words before a figure ------------------------------------------------------------------


def _words_before_plain(low: str, start: int) -> list[str]:
    if not start or not low[start - 1].isspace():
        return []
    lo = max(0, start - 32)
    toks = low[lo:start].split()
    if lo and toks and not low[lo - 1].isspace():
        toks = toks[1:]
    out: list[str] = []
    for t in reversed(toks[-3:]):
        core = t.lstrip("(“\"'[")
        if not core.isalpha():
            break
        out.append(core)
        if core != t:
            break
    return out[::-1]


@needs_seeds
def test_words_before_every_seed_position():
    rng = random.Random(5)
    for text in SEED_TEXTS:
        low = S.lowered(text)
        sc = S._Scanner(text, low)
        for start in rng.sample(range(len(text)), 800):
            assert sc._words_before(start) == _words_before_plain(low, start), low[max(0, start - 40) : start]


# --- the synonym governing a count --------------------------------------------------------------


def _governing_phrase_plain(unit: Unit, head: str, noun: str):
    """The plain reading: the synonym matched at each of the last ten word starts and reaching the
    count, furthest end wins."""
    rx = C._synonym_res().get(unit)
    if rx is None:
        return None
    joined = head + " " + noun if noun else head
    cut = len(head)
    best = None
    starts = [m.start() for m in C._WORD_START_RE.finditer(head, max(0, cut - 80))][-10:]
    for pos in starts:
        m = rx.match(joined, pos)
        reaches = m is not None and (m.end() >= cut or head[m.end() :].isspace())  # only spaces before the count
        if reaches and (best is None or m.end() > best[0]):
            best = (m.end(), m.group())
    return C._key(unit, best[1]) if best else None


@needs_seeds
@pytest.mark.parametrize("unit", [Unit.COUNT, Unit.PERCENT, Unit.VND])
def test_governing_phrase_on_seed_clauses(unit):
    rng = random.Random(7)
    clauses = [c.strip().lower() for t in SEED_TEXTS for c in re.split(r"[.;\n]|\d[\d.,]*", t) if c.strip()]
    for _ in range(1500):
        clause = rng.choice(clauses)
        cut = rng.randrange(len(clause) + 1)
        head, noun = clause[:cut].rstrip(), clause[cut:].strip()[: rng.randrange(40)]
        for n in (noun, ""):
            assert C._governing_phrase(unit, head, n) == _governing_phrase_plain(unit, head, n), (head, n)


def test_governing_phrase_reaches_into_the_noun():
    assert C._governing_phrase(Unit.COUNT, "trong năm đã kết nạp", "đảng viên mới").key == "party_members_admitted"
    assert C._governing_phrase(Unit.COUNT, "trong năm đã kết nạp", "đảng viên mới") == _governing_phrase_plain(
        Unit.COUNT, "trong năm đã kết nạp", "đảng viên mới"
    )


# --- segment boundaries -------------------------------------------------------------------------


def _boundaries_plain(text: str, chars: str) -> list[int]:
    return [i for i, c in enumerate(text) if c in chars and not (c in ".:" and text[i + 1 : i + 2].isdigit())]


def test_boundaries_are_the_last_and_first_in_range():
    rng = random.Random(11)
    alphabet = "ab 1.2:3;!?\n²"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(30)))
        lo, hi = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        for bounds in (C._SEGMENT_BOUNDS, C._SENTENCE_BOUNDS, C._LABEL_BOUNDS):
            found = [b for b in _boundaries_plain(text, "".join(bounds)) if lo <= b < hi]
            assert C._last_boundary(text, lo, hi, bounds) == (found[-1] if found else -1), (text, lo, hi)
        found = [b for b in _boundaries_plain(text, "".join(C._SEGMENT_BOUNDS)) if lo <= b < hi]
        assert C._first_boundary(text, lo, hi) == (found[0] if found else hi), (text, lo, hi)
