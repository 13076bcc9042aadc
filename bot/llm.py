"""Optional LLM phrasing of passage answers, behind an OpenAI-compatible endpoint.

Off unless `[llm]` is configured. The LLM only rewords: an answer whose numbers are
not all in the cited passages or figures is thrown away for the extractive one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .answer import Answer
from .config import LlmSettings

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
PROMPT = (
    "You answer questions about Chinese government information-disclosure annual reports. "
    "Answer the question using ONLY the quoted passages, in the question's language, briefly, "
    "citing passages as [1], [2]. Do not add any number that is not in the passages."
)


def grounded(text: str, answer: Answer) -> bool:
    """True when every number in `text` appears in the answer's passages, figures or question."""
    sources = " ".join(
        [answer.question]
        + [p["text"] for p in answer.passages]
        + [f"{f.get('value')} {f.get('raw')} {f.get('year')}" for f in answer.figures]
        + [p.get("section", "") for p in answer.passages]
    )
    allowed = set(_NUMBER.findall(sources)) | {str(i) for i in range(1, len(answer.passages) + 1)}
    return all(n in allowed for n in _NUMBER.findall(text))


def phrase_with(model: Any) -> Callable[[Answer], Answer]:
    """A phraser over any langchain chat model (a fake one in tests)."""

    def phrase(answer: Answer) -> Answer:
        if not answer.passages:
            return answer
        quoted = "\n".join(
            f"[{i}] {p['issuer']} {p['year']} › {p['section']}: {p['text']}" for i, p in enumerate(answer.passages, 1)
        )
        try:
            reply = model.invoke([("system", PROMPT), ("human", f"Question: {answer.question}\n\nPassages:\n{quoted}")])
            text = str(getattr(reply, "content", reply)).strip()
        except Exception as e:  # an LLM outage must never cost the user the extractive answer
            answer.warnings.append(f"LLM unavailable ({type(e).__name__}); extractive answer given")
            return answer
        if not text or not grounded(text, answer):
            answer.warnings.append("LLM answer had numbers not in the sources; extractive answer given")
            return answer
        answer.answer = text + "\n\n" + answer.answer
        return answer

    return phrase


def phraser(settings: LlmSettings) -> Callable[[Answer], Answer] | None:
    """The configured phraser, or None when no LLM is configured."""
    if not settings.base_url or not settings.model:
        return None
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        return None
    model = ChatOpenAI(
        base_url=settings.base_url,
        model=settings.model,
        api_key=settings.api_key or "none",
        timeout=30,
        max_retries=1,
    )
    return phrase_with(model)
