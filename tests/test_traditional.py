"""Traditional characters become simplified, and simplified text never waits for OpenCC."""

from __future__ import annotations

from pathlib import Path

from ingest import traditional
from ingest.traditional import to_simplified


def test_the_list_of_changed_characters_is_what_opencc_changes() -> None:
    """Regenerate with scripts/make_traditional.py when this fails (after upgrading opencc)."""
    assert traditional._CHANGED.read_text(encoding="utf-8").strip() == traditional.chars_t2s_changes()


def test_traditional_text_is_converted() -> None:
    out = to_simplified("沭陽縣人民政府2020年政府信息公開工作年度報告")
    assert out.text == "沭阳县人民政府2020年政府信息公开工作年度报告"
    assert out.converted == 4  # 陽 縣 開 報


def test_simplified_text_is_returned_as_is_without_the_converter() -> None:
    traditional._converter.cache_clear()
    out = to_simplified("合阳县2020年收到多少政府信息公开申请")
    assert (out.text, out.converted) == ("合阳县2020年收到多少政府信息公开申请", 0)
    assert traditional._converter.cache_info().currsize == 0


def test_the_shortcut_changes_nothing_on_the_corpus(corpus: Path) -> None:
    """Every corpus text, converted whole by OpenCC, equals what the shortcut gives."""
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert to_simplified(text).text == traditional._converter().convert(traditional.remove_pinyin(text)[0])
