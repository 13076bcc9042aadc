"""Injected SEO spam (gambling, porn, fake pharmacies…) and paragraphs that give orders to
the reader (ingest.orders) removed before anything is stored.

Two tests, both general: (1) signatures of the usual spam families, and (2) text
foreign to the genre — CJK words glued by SEO separators (`赌场_金沙游戏¥大厅`),
which official reports never print, and the non-government links that come with
it. A hit grows into its whole injected run; a run the page repeats is cut at
exactly the repeated string.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .orders import without_orders

# Family → signature words. Words that also occur in real government prose
# (福利彩票, 体育彩票) are deliberately absent.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "gambling": (
        "赌场",
        "赌博网",
        "博彩",
        "娱乐城",
        "金沙",
        "威尼斯人",
        "葡京",
        "永利",
        "百家乐",
        "老虎机",
        "六合彩",
        "时时彩",
        "北京赛车",
        "真人视讯",
        "真人娱乐",
        "棋牌游戏",
        "捕鱼游戏",
        "彩金",
        "开户送",
        "注册送",
        "体育投注",
        "投注网",
        "皇冠体育",
        "太阳城",
        "澳门赌",
        "bet365",
        "betway",
    ),
    "porn": ("成人视频", "色情", "av女优", "一本道", "无码", "裸聊", "约炮"),
    "pharma": ("伟哥", "壮阳", "代孕"),
    "fraud": ("办证刻章", "代开发票", "刷单", "套现", "私家侦探", "黑客接单"),
}
_SIG_RE = re.compile("|".join(re.escape(w) for ws in SIGNATURES.values() for w in ws), re.IGNORECASE)
# Genre test: CJK glued to CJK by a separator no official text uses. Exactly two
# characters each side: the seed is grown by _grow, and an open-ended {2,} backtracks
# quadratically over a long run of Chinese without separators.
_SEO_SHAPE = re.compile(r"[\u4e00-\u9fff]{2}[_¥￥$][\u4e00-\u9fff]{2}")
_FOREIGN_URL = re.compile(r"(?:https?://|www\.)(?![\w.-]*\.gov\.cn)[\w.-]+\.[a-z]{2,}[\w/?=&.-]*", re.IGNORECASE)
_SEPARATORS = "_¥￥$"  # not "|": pipe-separated tables glue CJK cells with it
_RUN_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9" + re.escape(_SEPARATORS) + r"]")
_URL_REACH = 30
_MAX_SEGMENT = 8  # an SEO title's pieces are short keywords
_KEEP_PIECE = 6  # an outer piece this short is taken whole
_SHORT_PIECE = 4


@dataclass(frozen=True)
class SpamRemoval:
    """Injected spam fragments removed from a text, and of which kinds."""

    text: str
    removed: tuple[str, ...]  # the strings taken out, in order
    families: tuple[str, ...]
    orders: tuple[str, ...] = ()  # the phrases that gave orders (ingest.orders), as printed


ORDERS = "orders to the reader"


def _family(fragment: str) -> str:
    for family, words in SIGNATURES.items():
        if any(w.lower() in fragment.lower() for w in words):
            return family
    if _FOREIGN_URL.search(fragment):
        return "link"
    return "seo"


def _grow(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a hit over the SEO run around it: short keyword pieces joined by separators.

    The outer pieces touch genuine prose with nothing between them, so they are cut
    back to the signature word they contain (or to a short keyword's length).
    """
    s, e = _walk(text, start, -1), _walk(text, end, 1)
    seps = [i for i in range(s, e) if text[i] in _SEPARATORS]
    if not seps:
        return start, end  # a bare signature word: remove just the word
    first, last = seps[0], seps[-1]
    if first - s > _KEEP_PIECE:
        hit = _SIG_RE.search(text, s, first)
        s = hit.start() if hit else first - _SHORT_PIECE
    if e - last - 1 > _KEEP_PIECE:
        hits = list(_SIG_RE.finditer(text, last + 1, e))
        e = min(e, hits[-1].end() + 2) if hits else last + 1 + _SHORT_PIECE
    return s, e


def _walk(text: str, pos: int, step: int) -> int:
    """Move from pos in one direction while inside the run; a piece longer than an SEO keyword ends it."""
    seg = 0
    while True:
        i = pos if step > 0 else pos - 1
        if not (0 <= i < len(text)) or not _RUN_CHARS.match(text[i]):
            return pos
        if text[i] in _SEPARATORS:
            seg = 0
        else:
            seg += 1
            if seg > _MAX_SEGMENT:
                return pos
        pos += step


def _repeated_core(text: str, s: int, e: int) -> str | None:
    """If the page repeats this injection, the exact repeated string (common prefix/suffix of its copies)."""
    hit = text[s:e]
    for size in range(min(len(hit), 12), 3, -1):
        for offset in range(0, len(hit) - size + 1):
            probe = hit[offset : offset + size]
            if not _SIG_RE.search(probe) and not any(c in _SEPARATORS for c in probe):
                continue
            places = [m.start() for m in re.finditer(re.escape(probe), text)]
            if len(places) < 2:
                continue
            # Extend the probe while every copy agrees.
            left = 0
            while all(
                p - left - 1 >= 0 and text[p - left - 1] == text[places[0] - left - 1] for p in places
            ) and _RUN_CHARS.match(text[places[0] - left - 1]):
                left += 1
            right = 0
            while all(
                p + size + right < len(text) and text[p + size + right] == text[places[0] + size + right]
                for p in places
            ) and _RUN_CHARS.match(text[places[0] + size + right]):
                right += 1
            return text[places[0] - left : places[0] + size + right]
    return None


def remove_spam(text: str) -> SpamRemoval:
    """Remove paragraphs that give orders (ingest.orders) and injected spam runs; return the
    cleaned text and what was removed."""
    text, orders = without_orders(text)
    spam = _remove_runs(text)
    if not orders:
        return spam
    return SpamRemoval(
        spam.text,
        tuple(o.text for o in orders) + spam.removed,
        (ORDERS, *spam.families),
        tuple(o.phrase for o in orders),
    )


def _remove_runs(text: str) -> SpamRemoval:
    """Remove injected spam runs (signature words, SEO-glued keywords and the links beside them)."""
    seeds = [(m.start(), m.end()) for m in _SIG_RE.finditer(text)]
    seeds += [(m.start(), m.end()) for m in _SEO_SHAPE.finditer(text)]
    if not seeds:
        return SpamRemoval(text, (), ())
    # A link to a site that is not a government one goes when spam stands next to it
    # (a report may well print its Weibo address).
    urls = [
        (m.start(), m.end())
        for m in _FOREIGN_URL.finditer(text)
        if any(s - _URL_REACH <= m.end() and m.start() <= e + _URL_REACH for s, e in seeds)
    ]
    cores: list[str] = []
    spans: list[tuple[int, int]] = list(urls)
    covered: list[tuple[int, int]] = []  # every copy of every repeated core found so far, sorted
    for s, e in sorted(seeds):
        i = bisect.bisect_right(covered, (s, len(text))) - 1
        if i >= 0 and covered[i][0] <= s and e <= covered[i][1]:
            continue  # inside a copy of an injection already found: one search per injection, not per copy
        gs, ge = _grow(text, s, e)
        core = _repeated_core(text, gs, ge)
        if core and core not in cores:
            cores.append(core)
            copies = [(m.start(), m.end()) for m in re.finditer(re.escape(core), text)]
            spans += copies
            covered = sorted(covered + copies)
        elif not core:
            spans.append((gs, ge))
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    removed = tuple(text[s:e] for s, e in merged)
    out, last = [], 0
    for s, e in merged:
        out.append(text[last:s])
        last = e
    out.append(text[last:])
    families = tuple(dict.fromkeys(_family(r) for r in removed))
    return SpamRemoval("".join(out), removed, families)
