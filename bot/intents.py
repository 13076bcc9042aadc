"""What a descriptive question asks for, and where in a report the answer stands.

One table (`INTENTS`): for each intent, the words of a question that asks it (Chinese and
English), the template sections that hold the answer (0 is the preface before section 一),
the words of a sub-section heading over it, the cue words of the sentence that answers,
and the words joined to the search. Section 五 holds two answers, told apart by `part`:
its problems come first, its improvements after (bot.leads finds where one turns into
the other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.template import SECTIONS

PROBLEMS, IMPROVEMENTS = "problems", "improvements"
PARTS_SECTION = 5  # the section whose problems and improvements are two answers


@dataclass(frozen=True)
class Intent:
    """What a descriptive question asks for (a kind of passage), and the words that say so."""

    name: str
    asks: re.Pattern[str]  # words of a question with this intent
    sections: tuple[int, ...]  # template sections holding the answer (0: the preface)
    headings: tuple[str, ...]  # words of a sub-section heading over the answer
    cues: tuple[tuple[re.Pattern[str], float], ...]  # the answering sentence's words, with weights
    search: str = ""  # words joined to the search
    part: str | None = None  # section 五: PROBLEMS or IMPROVEMENTS

    def cue(self, sentence: str) -> float:
        """How plainly a sentence answers this intent: the weight of its strongest cue (0: none)."""
        return max((w for p, w in self.cues if p.search(sentence)), default=0.0)


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _cues(*pairs: tuple[str, float]) -> tuple[tuple[re.Pattern[str], float], ...]:
    return tuple((_re(p), w) for p, w in pairs)


_PHONE = r"\d{3,4}\s*[—\-－–]\s*\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"

INTENTS: tuple[Intent, ...] = (
    Intent(
        "problems",
        _re(
            r"存在.{0,4}(?:问题|不足|困难)|哪些问题|什么问题|主要问题|不足之处|不足|短板|差距|薄弱环节|困难"
            r"|\bproblems?\b|shortcomings?|weakness(?:es)?|\bissues\b|\bchallenges\b"
        ),
        (5,),
        ("问题", "不足"),
        _cues(
            (
                r"存在|不足|差距|问题|有待|不够|不强|薄弱|短板|欠缺|滞后|不到位|尚需|仍需|还需|不高|不及时|不规范|单一",
                1.0,
            )
        ),
        "存在的主要问题 不足",
        PROBLEMS,
    ),
    Intent(
        "improvements",
        _re(
            r"下一步|打算|今后|明年|(?:如何|怎么|怎样|怎么样)(?:改进|整改|改善)|改进|整改|改善|努力方向|工作计划|如何提升"
            r"|improve|improvements?|next year|\bplans?\b|going forward|remed"
        ),
        (5,),
        ("改进", "整改", "措施", "打算", "下一步", "方向"),
        _cues((r"下一步|今后|将|继续|进一步|加强|完善|提升|推进|强化|深化|健全", 1.0)),
        "改进情况 下一步",
        IMPROVEMENTS,
    ),
    Intent(
        "leadership",
        _re(
            r"分管|主管|负责|领导小组|组长|牵头|谁.{0,3}领导|领导是谁|who leads|in charge|leading group"
            r"|\bhead(?:s|ed)? of\b|\bwho (?:is )?responsible"
        ),
        (1,),
        ("组织领导", "组织保障", "领导", "保障", "机制"),
        _cues(
            (r"(?:任|为|担任)(?:第一)?(?:副)?组长|组长由", 3.0),
            (r"分管[^，,。；;]{0,12}工作|主管[^，,。；;]{0,12}工作", 2.0),
            (r"分管领导|主要领导|领导小组|负责[^，,。；;]{0,10}工作", 1.0),
        ),
        "领导小组 组长 分管",
    ),
    Intent(
        "contact",
        _re(r"电话|联系方式|联系|地址|邮箱|电子邮件|传真|邮编|\bcontact|phone|address|e-?mail"),
        (0, 6),
        (),
        _cues((_PHONE, 3.0), (_EMAIL, 3.0), (r"地址[:：]|邮编|电话|邮箱|联系", 1.0)),
        "联系 电话 地址",
    ),
    Intent(
        "fees",
        _re(r"信息处理费|处理费|收费|收取.{0,4}费|费用|\bfees?\b|\bcharg"),
        (6,),
        (),
        _cues((r"信息处理费", 3.0), (r"收费|收取|费用", 2.0)),
        "信息处理费 收费",
    ),
    Intent(
        "platforms",
        _re(r"平台|网站|公众号|新媒体|微博|微信|客户端|政务服务网|栏目|platform|website|wechat|weibo|new media|portal"),
        (1,),
        ("平台", "网站", "渠道", "载体"),
        _cues((r"政府网站|门户网站|公众号|新媒体|微博|微信|客户端|政务服务网", 2.0), (r"平台|栏目|专栏|网站", 1.0)),
        "平台建设 政府网站 新媒体",
    ),
    Intent(
        "highlights",
        _re(r"亮点|特色|创新|突出成效|成效|经验做法|典型|highlights?|innovat|achievements?|stand(?:s)? out"),
        (1,),
        ("创新", "特色", "亮点"),
        _cues((r"创新|(?<!中国)特色|亮点|首创|率先|首次|示范|试点|获评|荣获|被评为|表彰|第一名|排名第", 1.0)),
        "创新 特色 亮点",
    ),
)


def find_intent(question: str) -> Intent | None:
    """The intent whose words take up most of the question (下一步如何改进存在的问题 → improvements)."""
    best, most = None, 0
    for intent in INTENTS:
        covered = sum(m.end() - m.start() for m in intent.asks.finditer(question))
        if covered > most:
            best, most = intent, covered
    return best


@lru_cache(maxsize=1024)
def section_number(title: str) -> int:
    """The template section a chunk's section title names; 0 for the preface or an unknown title."""
    for s in SECTIONS:
        if any(k in title for k in s.keywords):
            return s.number
    return 0


def heading_part(title: str | None) -> str | None:
    """PROBLEMS or IMPROVEMENTS for a sub-section heading of section 五 that says which, else None."""
    if not title:
        return None
    by_part = {i.part: i for i in INTENTS if i.part}
    for part in (IMPROVEMENTS, PROBLEMS):  # （二）针对问题的改进措施 is about improvements
        if any(h in title for h in by_part[part].headings):
            return part
    return None
