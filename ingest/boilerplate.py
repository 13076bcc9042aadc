"""Lines that are the web page around a report, never the report: scripts, styles and the
site's navigation, breadcrumbs, page tools and footers.

Readers drop <script>, <style> and menus by their markup; this catches what reaches the
text without it (a page saved as text with its scripts' source, a crawler's copy of the
menus, an old store read again). A line is judged on its own, and only short, plainly
technical or navigational lines are: a sentence of a report never matches.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
# String literals are taken out first: `let title = "政务公开";` is code whatever its string says.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`(?:[^`\\]|\\.)*`')
_JS = re.compile(
    r"^\s*(?:let|var|const)\s+[A-Za-z_$][\w$]*\s*(?:=|;|,|$)"
    r"|\bfunction\s*[\w$]*\s*\("
    r"|\b(?:document|window|navigator|location|console|localStorage)\.[A-Za-z_]"
    r"|(?:^|[^\w$])\$\s*\(|\bjQuery\s*\("
    r"|=>"
    r"|\.(?:addEventListener|getElementById|getElementsBy\w+|querySelector(?:All)?|innerHTML|setAttribute"
    r"|appendChild|classList|style\.\w+|on\w+)\b"
    r"|^\s*(?:if|for|while|switch|else|try|catch|return)\b.*[{;]\s*$"
    r"|^\s*\}?\s*(?:else|catch|finally)\b"
    # a statement: `menu.className = "on";`, `x += 1;`, `init();`, `a.b(c)`
    r"|^\s*[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]*\])*\s*(?:[-+*/]?=[^=]|\().*[;){]\s*$"
    r"|^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$"
    r"|^\s*(?://|/\*|\*/)"
    r"|^\s*[{}][{}()\[\];,\s]*$"
)  # a brace alone (a bracket alone may be a table cell)
_CSS = re.compile(
    r"^\s*[@.#]?[\w\-.#:,\s>*+~\[\]=]*\{"
    r"|^\s*(?:color|font(?:-\w+)?|margin(?:-\w+)?|padding(?:-\w+)?|width|height|display|border(?:-\w+)?"
    r"|background(?:-\w+)?|position|float|text-\w+|line-height|z-index|overflow|cursor|top|left|right|bottom)"
    r"\s*:[^;]*;"
    r"|@media|@import|@font-face|!important"
)
# Navigation and page furniture, as printed on government sites.
_CHROME = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|您当前位置|所在位置|当前页面)\s*[:：]"
    r"|版权所有|Copyright|©|ICP备|公网安备|网站标识码|网站地图|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]"
    r"|建议使用.{0,30}浏览器|分辨率\s*\d"
    r"|打印本页|关闭窗口|返回顶部|分享到\s*[:：]?|加入收藏|设为首页|扫一扫在手机|【\s*(?:打印|关闭)\s*】"
    r"|字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中",
    re.IGNORECASE,
)
_CRUMB_SEP = re.compile(r"\s*(?:>>|->|[>»＞›/])\s*")
_CRUMB_HOME = ("首页", "网站首页", "主页", "政府首页")
_CHROME_LINE = 100  # a line longer than this is prose, whatever words it carries
_SENTENCE = re.compile(r"[。；！？]")


def is_code(line: str) -> bool:
    """Script or style source: a code pattern, and no Chinese outside string literals."""
    rest = _STRING.sub('""', line)
    if not rest.strip() or _CJK.search(rest):
        return False
    return bool(_JS.search(rest) or _CSS.search(rest))


def is_chrome(line: str) -> bool:
    """A breadcrumb, a footer or a page tool bar of the site, not the report."""
    text = line.strip()
    if not text or len(text) > _CHROME_LINE or _SENTENCE.search(text):
        return False
    if _CHROME.search(text):
        return True
    parts = [p for p in _CRUMB_SEP.split(text) if p]
    return len(parts) >= 3 and parts[0] in _CRUMB_HOME and all(len(p) <= 16 for p in parts)


def is_boilerplate(line: str) -> bool:
    """Code or site chrome: never a text line or a passage."""
    return is_code(line) or is_chrome(line)


def strip_boilerplate(text: str) -> tuple[str, int]:
    """The text with boilerplate lines emptied (line breaks kept, so lines still map back), and how many."""
    lines = text.split("\n")
    removed = 0
    for i, line in enumerate(lines):
        if line.strip() and is_boilerplate(line):
            lines[i] = ""
            removed += 1
    return "\n".join(lines), removed
