"""The numbers of the Administrative Licensing Law (《中华人民共和国行政许可法》, 2019 revision) that the
tool's clocks count, in one place: the rules check a process against them, conformance measures a
log against them, and the simulation counts the same clock.

Every period is in working days (工作日), which Art. 82 says the law's periods are. A rule's
options may change them where a special law or regulation sets other limits (the law allows it:
"法律、法规另有规定的，依照其规定").
"""

from __future__ import annotations

# The item type whose procedure the law governs (行政许可); its procedural rules apply to no other type.
LICENSING = "administrative-licensing"

# Art. 42 para. 1: the decision within 20 working days of acceptance (受理), extended by at most 10
# with the approval of the organ's head, the applicant told the reason.
DECISION_WORKDAYS = 20
DECISION_EXTENSION_WORKDAYS = 10

# Art. 26 para. 2 and Art. 42 para. 2: unified, joint or centralized handling (统一办理、联合办理、集中办理)
# within 45 working days, extended by at most 15.
JOINT_HANDLING: tuple[str, ...] = ("unified", "joint", "centralized")
JOINT_DECISION_WORKDAYS = 45
JOINT_EXTENSION_WORKDAYS = 15

# Art. 43: a lower-level organ's preliminary review (下级行政机关初步审查) within 20 working days.
LOWER_LEVEL_REVIEW_WORKDAYS = 20

# Art. 44: the licence issued or served (颁发、送达) within 10 working days of the decision.
DELIVERY_WORKDAYS = 10

# Art. 45: time for 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 is not counted in the periods
# (检验 and 检测 are both the step kind ``testing``); the applicant must be told how long it takes.
ART45_KINDS: tuple[str, ...] = ("hearing", "tender", "auction", "testing", "quarantine", "appraisal", "expert-review")
