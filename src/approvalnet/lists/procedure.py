"""A procedure from the 办理流程 cell of an implementation list: "收件→受理→审查→决定→送达".

Lists write the procedure as a chain of stage names joined by arrows, dashes, semicolons or
numbers ("1.申请 2.受理 3.审查"). When every part of the cell is a short stage name whose kind can be
told from its words (受理 is acceptance, 现场核查 an inspection, 决定 the decision …), the parts
become the steps, in that order. Anything else (a sentence of prose, a part no kind fits) is not
guessed at: ``parse_procedure`` returns None, and the importer writes the standard procedure of
the item instead and says so in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators between stages, and the numbering that may open a stage ("1.", "（2）", "第三步").
_SPLIT = re.compile(r"\s*(?:→|->|=>|⇒|➝|➡|－+|—+|-{1,2}|>|＞|》(?!》)|；|;|、|，|,|。|\n)\s*")
_DIGIT = "[0-9一二三四五六七八九十]"
_NUMBER = re.compile(rf"^\s*(?:第?{_DIGIT}+(?:步|[.．、:：)）])|[(（]{_DIGIT}+[)）])\s*")
_INLINE_NUMBER = re.compile(rf"\s*(?=[(（]{_DIGIT}+[)）])|\s+(?=[0-9]+[.．、])")

MAX_STAGE = 10  # characters: longer parts are prose, not stage names

# Words → step kind, tried in order (the first that a stage name contains wins): specific before general.
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("supplement-notice", ("补正",)),
    ("extension", ("延期", "延长")),
    ("hearing", ("听证",)),
    ("expert-review", ("专家评审", "专家论证", "评审", "论证")),
    ("quarantine", ("检疫",)),
    ("testing", ("检验", "检测")),
    ("appraisal", ("鉴定",)),
    ("tender", ("招标",)),
    ("auction", ("拍卖",)),
    ("on-site-inspection", ("现场核查", "现场勘查", "现场勘验", "现场检查", "实地核查", "核查", "勘查", "勘验",
                            "踏勘", "查验")),
    ("payment", ("缴费", "收费", "缴纳")),
    ("accept", ("受理",)),
    ("receive", ("收件", "接件", "申请", "申报", "提交", "登记", "采集", "现场确认")),
    ("decide", ("决定", "审批", "批准", "签发", "审定", "核准", "签批", "批复", "认定")),
    ("review", ("审查", "审核", "初审", "复核", "复审", "审理", "核实", "审验", "核验", "核定", "核对", "评估")),
    ("deliver", ("送达", "发证", "领证", "出件", "颁发", "发放", "送证", "办结", "领取", "核发")),
    ("notify", ("告知", "通知", "公示", "公告")),
    ("other", ("制证", "打证", "印制", "制作", "归档", "盖章", "备案", "登簿", "缮证", "选号")),
)

# The kinds done at the front window, face to face or on paper; the others in the back office.
WINDOW_KINDS = {"receive", "check-completeness", "accept", "supplement-notice", "payment", "deliver", "notify"}


@dataclass(frozen=True)
class Stage:
    name: str
    kind: str


def kind_of(name: str) -> str | None:
    for kind, words in KIND_WORDS:
        if any(word in name for word in words):
            return kind
    return None


def split_stages(text: str) -> list[str]:
    """The parts of a 办理流程 cell, numbering removed."""
    text = _INLINE_NUMBER.sub("\n", text.strip())
    parts = []
    for part in _SPLIT.split(text):
        part = _NUMBER.sub("", part).strip(" \t。.")
        if part:
            parts.append(part)
    return parts


def parse_procedure(text: str) -> list[Stage] | None:
    """The stages of a 办理流程 cell, or None when it is empty or cannot be read as stages."""
    parts = split_stages(text)
    if len(parts) < 2:
        return None
    stages = []
    for part in parts:
        kind = kind_of(part)
        if kind is None or len(part) > MAX_STAGE:
            return None
        stages.append(Stage(part, kind))
    return stages


# The standard procedure written when the list's own cannot be read: the stages every licensing
# procedure has (Administrative Licensing Law, chapter 4: application and acceptance, Arts. 29-33;
# review and decision, Arts. 34-41; delivery, Art. 44), and the same stages for other items.
STANDARD = (Stage("收件", "receive"), Stage("受理", "accept"), Stage("审查", "review"), Stage("决定", "decide"),
            Stage("送达", "deliver"))
# An item handled on the spot (即办件): accepted and finished at the window in one visit.
ON_THE_SPOT = (Stage("收件", "receive"), Stage("受理", "accept"), Stage("办结", "deliver"))
