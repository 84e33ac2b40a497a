"""The approval-process language: one YAML file describes one approval item (政务服务事项).

These types are the single definition of the language: the loader validates files against them,
the JSON Schema under ``schema/`` is generated from them, and every later stage (Petri nets, rules,
simulation) reads them. Every object remembers where it stood in its file (see ``Node.loc``).

Enumerations are ``Literal`` types rather than ``Enum`` classes so that strict validation accepts
the plain strings a YAML file holds, and so that the JSON Schema lists the allowed values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from ..i18n import _
from .quantity import QUANTITY_PATTERN, Quantity, QuantityError, parse_quantity
from .source import Loc, SourceMap

# --- vocabularies -------------------------------------------------------------------------------

ItemType = Literal[
    "administrative-licensing",  # 行政许可
    "administrative-confirmation",  # 行政确认
    "administrative-payment",  # 行政给付
    "administrative-reward",  # 行政奖励
    "administrative-ruling",  # 行政裁决
    "administrative-collection",  # 行政征收
    "other-administrative-power",  # 其他行政权力
    "public-service",  # 公共服务
]
Handling = Literal["on-the-spot", "commitment"]  # 即办件 / 承诺件
Cooperation = Literal[
    "single",  # one organ, one unit
    "internal",  # one organ, several internal units (Art. 26 para. 1: 统一受理、统一送达)
    "unified",  # 统一办理: one department accepts, others give opinions (Art. 26 para. 2)
    "joint",  # 联合办理
    "centralized",  # 集中办理
]
ServiceObject = Literal[
    "natural-person",  # 自然人
    "enterprise",  # 企业法人
    "public-institution",  # 事业单位法人
    "social-organization",  # 社会组织法人
    "government",  # 行政机关
    "other-organization",  # 其他组织
]
AuthorityLevel = Literal["national", "provincial", "municipal", "county", "township"]  # 行使层级
LaneKind = Literal["window", "department", "external", "applicant"]
StepKind = Literal[
    "receive",  # 收件
    "check-completeness",  # 材料审查 (completeness and legal form, Art. 32)
    "accept",  # 受理 (issues the acceptance notice)
    "supplement-notice",  # 一次性告知补正
    "wait",  # time that occupies no staff: the applicant preparing materials, an external body
    "payment",  # 缴费
    "lower-level-review",  # 下级初审 (Art. 43)
    "review",  # 审查
    "on-site-inspection",  # 现场核查 (Art. 34)
    "hearing",  # 听证 (Art. 45)
    "testing",  # 检验、检测 (Art. 45)
    "quarantine",  # 检疫 (Art. 45)
    "appraisal",  # 鉴定 (Art. 45)
    "expert-review",  # 专家评审 (Art. 45)
    "tender",  # 招标 (Art. 45)
    "auction",  # 拍卖 (Art. 45)
    "extension",  # 延期审批 (Art. 42)
    "decide",  # 决定
    "notify",  # 告知
    "deliver",  # 送达、出件 (Art. 44)
    "other",
]
EndOutcome = Literal["approved", "refused", "not-accepted", "withdrawn", "terminated"]
Need = Literal["required", "conditional", "optional"]
MaterialForm = Literal["original", "copy", "electronic"]
ResultType = Literal["certificate", "approval-document", "other"]  # 出证 / 批文 / 其他

# Ids are typed by Chinese officers: Chinese characters are letters too (收件, 受理). The ranges are
# the CJK ideographs of the Basic Multilingual Plane (Extension A, the unified block, the
# compatibility block) and 〇, written as characters rather than \p{...} because the JSON Schema's
# regular expressions (ECMA-262 without the u flag) and pydantic's Rust engine must both read them.
CJK_LETTERS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
STEP_ID_PATTERN = f"^[A-Za-z{CJK_LETTERS}][A-Za-z0-9_{CJK_LETTERS}-]*$"


# --- quantities ---------------------------------------------------------------------------------


def _quantity(default_unit: str | None) -> Any:
    def check(value: object) -> Quantity:
        if isinstance(value, Quantity):
            return value
        try:
            return parse_quantity(value, default_unit=default_unit)  # type: ignore[arg-type]
        except QuantityError as error:
            raise ValueError(str(error)) from None

    schema: dict[str, Any] = {"type": "string", "pattern": QUANTITY_PATTERN}
    if default_unit:
        schema = {"oneOf": [schema, {"type": "number", "exclusiveMinimum": 0}]}
    return Annotated[Quantity, BeforeValidator(check), WithJsonSchema(schema)]


def _positive(limit: Quantity) -> Quantity:
    if limit.value <= 0:
        raise ValueError(_("a time limit must be more than zero, got '{limit}'").format(limit=limit))
    return limit


if TYPE_CHECKING:  # to a type checker both are quantities; their validators are pydantic's business
    Duration = Quantity
    TimeLimit = Quantity
else:
    Duration = _quantity(None)
    TimeLimit = Annotated[_quantity("workday"), AfterValidator(_positive)]


def _a_list(value: object) -> object:
    """Allow a single string where a list of strings is expected (``legal_basis: 《…》第三条``)."""
    return [value] if isinstance(value, str) else value


StrList = Annotated[
    list[str],
    BeforeValidator(_a_list),
    WithJsonSchema({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]


# --- the base of every object -------------------------------------------------------------------


class Node(BaseModel):
    """A mapping of the file. ``loc`` is where the mapping starts; ``loc_of(field)`` where a value is."""

    # allow_inf_nan: YAML's .inf and .nan are numbers, but no duration, rate or weight can be one
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=False, allow_inf_nan=False)

    # Set by the loader. Declared without defaults: pydantic then skips initialising them for each
    # object it builds, which is a fifth of the loading time.
    _src: SourceMap
    _path: tuple[str | int, ...]

    @property
    def loc(self) -> Loc:
        return self.loc_of()

    def loc_of(self, *path: str | int | None) -> Loc:
        """Where the value at ``path`` below this object stands (or its nearest written parent)."""
        private = self.__pydantic_private__ or {}
        src = private.get("_src")
        return src.value_loc(private["_path"] + path) if src else Loc.unknown()

    @property
    def source_map(self) -> SourceMap | None:
        return (self.__pydantic_private__ or {}).get("_src")


# --- durations ----------------------------------------------------------------------------------


class Distribution(Node):
    """A duration: fixed or drawn from a distribution."""

    if TYPE_CHECKING:  # each subclass declares it as its Literal tag
        distribution: str

    def __str__(self) -> str:
        params = {k: v for k, v in self.__dict__.items() if k != "distribution" and v is not None}
        if isinstance(self, Fixed):
            return str(self.value)
        text = ", ".join(f"{k}={[str(x) for x in v] if isinstance(v, list) else v}" for k, v in params.items())
        return f"{self.distribution}({text})"


class Fixed(Distribution):
    distribution: Literal["fixed"]
    value: Duration


class Exponential(Distribution):
    distribution: Literal["exponential"]
    mean: Duration


class Uniform(Distribution):
    distribution: Literal["uniform"]
    min: Duration
    max: Duration


class Triangular(Distribution):
    distribution: Literal["triangular"]
    min: Duration
    mode: Duration
    max: Duration


class Normal(Distribution):
    """Normal, truncated at zero by the simulator."""

    distribution: Literal["normal"]
    mean: Duration
    sd: Duration


class Lognormal(Distribution):
    """Lognormal given by the mean and standard deviation of the duration itself."""

    distribution: Literal["lognormal"]
    mean: Duration
    sd: Duration


class Gamma(Distribution):
    """Gamma given by the mean and standard deviation of the duration itself."""

    distribution: Literal["gamma"]
    mean: Duration
    sd: Duration


class Empirical(Distribution):
    """Observed durations, drawn with equal weight unless ``weights`` are given."""

    distribution: Literal["empirical"]
    values: Annotated[list[Duration], Field(min_length=1)]
    weights: list[float] | None = None


def _fixed_shorthand(value: object) -> object:
    return {"distribution": "fixed", "value": value} if not isinstance(value, dict) else value


_Distribution = Fixed | Exponential | Uniform | Triangular | Normal | Lognormal | Gamma | Empirical
DurationSpec = Annotated[
    _Distribution,
    Field(discriminator="distribution"),
    BeforeValidator(
        _fixed_shorthand,
        json_schema_input_type=Annotated[str, Field(pattern=QUANTITY_PATTERN)] | _Distribution,
    ),
]


# --- the item -----------------------------------------------------------------------------------


class Authority(Node):
    """实施主体: the organ in whose name the decision is made."""

    name: str
    code: str | None = None  # 实施主体编码 (unified social credit code)
    level: AuthorityLevel | None = None


class Extension(Node):
    """The extension Art. 42 allows, and who approves it."""

    length: TimeLimit
    approver: str
    basis: StrList = []


class TimeLimits(Node):
    """Statutory (法定) and promised (承诺) limits; a bare number means working days (Art. 82)."""

    statutory: TimeLimit | None = None
    promised: TimeLimit | Literal["on-the-spot"] | None = None
    basis: StrList = []  # where a law sets a limit other than Art. 42's
    extension: Extension | None = None


class LowerLevelReview(Node):
    """Art. 43: a lower-level organ reviews first and reports to the deciding organ."""

    organ: str
    limit: TimeLimit | None = None


class Fee(Node):
    charged: bool
    standard: str | None = None  # 收费标准
    basis: StrList = []  # 收费依据


class Material(Node):
    id: Annotated[str, Field(pattern=STEP_ID_PATTERN)]
    name: str
    need: Need = "required"
    condition: str | None = None  # when a conditional material is needed
    form: list[MaterialForm] = []
    copies: Annotated[int, Field(ge=0)] | None = None
    basis: StrList = []  # 要求提供材料的依据 (Art. 31)
    source: Literal["applicant", "government"] | None = None


class Result(Node):
    """审批结果."""

    type: ResultType
    name: str


class Contacts(Node):
    consultation: str | None = None  # 咨询方式
    complaint: str | None = None  # 监督投诉方式


class Lane(Node):
    name: str
    kind: LaneKind = "department"
    staff: Annotated[int, Field(ge=0)] | None = None
    organ: str | None = None  # the organ a department lane belongs to, when not the item's authority


class Outcome(Node):
    """One branch of an exclusive choice: go to ``next`` or end the case with ``end``."""

    next: str | None = None
    end: EndOutcome | None = None
    p: float | None = None  # probability, used by the simulation
    name: str | None = None  # the outcome in Chinese, as published flowcharts label the branch (材料齐全)


def _outcome_shorthand(value: object) -> object:
    return {"next": value} if isinstance(value, str) else value


OutcomeSpec = Annotated[Outcome, BeforeValidator(_outcome_shorthand, json_schema_input_type=str | Outcome)]


class Notice(Node):
    """A written document the step issues to the applicant."""

    document: str
    reasons: bool = False  # states the reasons (Art. 38)
    remedies: bool = False  # tells of the right to administrative reconsideration or litigation (Art. 38)


class Step(Node):
    id: Annotated[str, Field(pattern=STEP_ID_PATTERN)]
    name: str
    lane: str
    kind: StepKind = "other"
    duration: DurationSpec | None = None
    applicant_present: bool = False  # counts as an on-site visit (到办事现场次数)
    excluded_from_clock: bool = False  # Art. 45: time not counted in the legal limit
    materials: list[str] = []
    notice: Notice | None = None
    next: str | list[str] | None = None  # one step, or several started in parallel (并联)
    outcomes: dict[str, OutcomeSpec] | None = None  # an exclusive choice
    join: Literal["all"] | None = None  # wait for every incoming branch (parallel join)
    end: EndOutcome | None = None  # the case ends here with this outcome


# --- simulation parameters ----------------------------------------------------------------------

OFFICE_PERIOD_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class Arrivals(Node):
    """Applications arrive as a Poisson stream during office hours, or as replayed from a file."""

    per_workday: Annotated[float, Field(gt=0)] | None = None  # mean number of applications per working day
    # A CSV file (relative to the process file) with one arrival per row: a column `timestamp`
    # (ISO 8601 date and time, Beijing time) or, without a header, the first column. Instead of per_workday.
    file: str | None = None
    # Relative weights of the hours of the office day, in order (the 1st, 2nd … hour of office time);
    # without it arrivals are spread evenly over the office hours.
    profile: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=1)] | None = None


class Calendar(Node):
    """When staff work: office periods of each working day, weekends, public holidays."""

    office_hours: Annotated[list[Annotated[str, Field(pattern=OFFICE_PERIOD_PATTERN)]], Field(min_length=1)] = [
        "09:00-12:00", "13:30-17:30"]  # keep in step with semantics.DEFAULT_OFFICE_HOURS
    holidays: Literal["china", "none"] = "china"  # china: public holidays and 调休 from chinese-calendar
    weekends: bool = True  # Saturdays and Sundays are off (unless a 调休 day makes one a working day)
    start: Annotated[str, Field(pattern=DATE_PATTERN)] = "2025-03-03"  # the first simulated day
    # A calendar file (relative to this file; docs/calendar.md): local holidays, the official arrangement
    # of years the national data lacks, office hours per weekday (Saturday service) and per lane.
    file: str | None = None


class Simulation(Node):
    """Parameters of ``approvalnet simulate``; staff come from the lanes, durations from the steps."""

    arrivals: Arrivals
    calendar: Calendar | None = None
    # Step id → priority: when cases wait for the same staff, higher priorities are served first
    # (first come, first served among equals). Without it every lane serves first come, first served.
    priorities: dict[str, int] = {}


class Process(Node):
    """One approval item (政务服务事项) and its procedure."""

    code: str  # 实施编码 (or the item code the centre uses)
    catalog_code: str | None = None  # 基本编码: the item's code in the basic catalogue (GB/T 39554.1)
    name: str  # 事项名称
    type: ItemType  # 事项类型
    authority: Authority  # 实施主体
    legal_basis: StrList = []  # 设定依据
    handling: Handling  # 办件类型
    time_limit: TimeLimits  # 办结时限
    visits: Annotated[int, Field(ge=0)] | None = None  # 到办事现场次数
    cooperation: Cooperation = "single"  # how departments share the item (Art. 26)
    lower_level_review: LowerLevelReview | None = None
    fee: Fee | None = None
    service_object: list[ServiceObject] = []  # 服务对象
    acceptance_conditions: StrList = []  # 受理条件
    result: Result | None = None
    location: str | None = None  # 办理地点
    office_hours: str | None = None  # 办理时间
    contacts: Contacts | None = None
    materials: list[Material] = []
    lanes: Annotated[dict[str, Lane], Field(min_length=1)]
    steps: Annotated[list[Step], Field(min_length=1)]
    sources: StrList = []  # where the facts in this file come from
    generated: str | None = None  # set when a program wrote the file, saying which and how
    simulation: Simulation | None = None  # arrival rate and calendar for the simulation

    @property
    def file(self) -> str:
        src = self.source_map
        return src.file if src else "<memory>"

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
