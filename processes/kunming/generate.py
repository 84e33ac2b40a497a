"""Write the generated approval items of the Kunming demo centre and the centre file itself.

The Kunming centre of the seed article took 144 approval items of 10 departments into one-window
approval (a figure not confirmed by any other source, see processes/README.md). Twenty of them are
written by hand with sources (``processes/kunming/*.yaml``); this script writes the other 124 into
``generated/`` from three templates of the common shapes of an item:

- ``on-the-spot`` — 即办件: the department's staff at the window decide on the spot (Art. 34(2));
- ``commitment`` — 承诺件 of one department: acceptance, review (sometimes a site check), decision;
- ``joint`` — 并联审批 of two departments (Art. 26(2)): one acceptance, parallel reviews, one decision.

It then writes ``centre.yaml``: the 10 departments, two front-window pools, the calendar and the
144 items with their volumes, and sizes every pool's staff from the work the volumes ask for (the
expected office minutes per case of each step, from the traffic equations the simulator uses), so
that every pool is busy about 70 % of the time.

Item names are real item names of the departments (from the national and local catalogues of
licensing items); their legal basis names the law only, and their limits, materials, durations,
probabilities and volumes are illustrative. Every generated file says so in its ``generated:`` key.

Run ``.venv/bin/python processes/kunming/generate.py [OUT_DIR]`` (default: this folder). The
output is deterministic: a fixed seed, sorted keys where order is free, no dates.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED = 20030301  # fixed: the same files on every run
TARGET_LOAD = 0.75  # busy fraction each staffed pool is sized for (at most; ceil makes it a little less)
GENERATED_PER_WORKDAY = 20.0  # total arrivals of all generated items per working day (before the cap)
ZIPF_EXPONENT = 1.1  # heavy tail of the generated items' volumes
WINDOW_STAFF_IN_FILES = 12  # the shared window lane of every process file (as the hand-written ones)
GENERATOR = "processes/kunming/generate.py"


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    short: str  # for lane names: 市XX
    code: str  # for item codes
    window: str  # the front-window pool its items use


DEPARTMENTS = [
    Department("market", "昆明市市场监督管理局", "市市场监管局", "SCJG", "comprehensive"),
    Department("housing", "昆明市住房和城乡建设局", "市住房城乡建设局", "ZJ", "construction"),
    Department("planning", "昆明市自然资源和规划局", "市自然资源和规划局", "ZRZY", "construction"),
    Department("culture", "昆明市文化和旅游局", "市文化和旅游局", "WL", "comprehensive"),
    Department("health", "昆明市卫生健康委员会", "市卫生健康委", "WSJK", "comprehensive"),
    Department("ecology", "昆明市生态环境局", "市生态环境局", "STHJ", "comprehensive"),
    Department("transport", "昆明市交通运输局", "市交通运输局", "JT", "comprehensive"),
    Department("police", "昆明市公安局", "市公安局", "GA", "comprehensive"),
    Department("hr", "昆明市人力资源和社会保障局", "市人力资源社会保障局", "RS", "comprehensive"),
    Department("fire", "昆明市消防救援支队", "市消防救援支队", "XF", "comprehensive"),
]
DEPT = {d.id: d for d in DEPARTMENTS}

WINDOWS = {
    "comprehensive": "综合受理窗口（前台综合受理、统一窗口出件）",
    "construction": "工程建设项目审批综合窗口",
}
WINDOW_LANE = {"comprehensive": "市政务服务中心综合受理窗口", "construction": "市政务服务中心工程建设项目审批综合窗口"}
MAX_GENERATED_VOLUME = 4.0  # no generated item above this many applications per working day

# The hand-written items: file, department, per_workday (assumption), lane overrides.
REAL_ITEMS: list[tuple[str, str, float, dict[str, str]]] = [
    ("food-business-licence.yaml", "market", 6.5, {}),
    ("food-business-licence-renewal.yaml", "market", 4.0, {}),
    ("restaurant-opening-one-thing.yaml", "market", 1.5, {"fire": "fire"}),
    ("food-production-licence.yaml", "market", 1.0, {}),
    ("construction-permit.yaml", "housing", 1.5, {}),
    ("presale-permit.yaml", "housing", 0.8, {}),
    ("planning-permit.yaml", "planning", 1.2, {}),
    ("land-use-planning-permit.yaml", "planning", 1.0, {}),
    ("travel-agency-licence.yaml", "culture", 0.4, {}),
    ("internet-cafe-licence.yaml", "culture", 0.3, {}),
    ("public-place-hygiene-licence.yaml", "health", 3.0, {}),
    ("medical-institution-licence.yaml", "health", 0.2, {}),
    ("eia-report-form.yaml", "ecology", 1.2, {}),
    ("pollutant-discharge-permit.yaml", "ecology", 0.6, {}),
    ("road-dangerous-goods-transport-licence.yaml", "transport", 0.6, {}),
    ("hotel-special-trade-licence.yaml", "police", 1.0, {}),
    ("large-event-security-permit.yaml", "police", 0.3, {}),
    ("labour-dispatch-licence.yaml", "hr", 0.6, {}),
    ("hr-service-licence.yaml", "hr", 0.8, {}),
    ("fire-safety-inspection.yaml", "fire", 1.5, {}),
]

# Generated items: (name, template, law, partner department for joint items).
S, C, J = "on-the-spot", "commitment", "joint"
NAMES: dict[str, list[tuple[str, str, str, str | None]]] = {
    "market": [
        ("食品经营许可（变更：经营者名称、法定代表人等非现场核查事项）", S, "《食品经营许可和备案管理办法》", None),
        ("食品经营许可（注销）", S, "《食品经营许可和备案管理办法》", None),
        ("食品生产许可（注销）", S, "《食品生产许可管理办法》", None),
        ("食品生产许可（变更：生产者名称等非现场核查事项）", S, "《食品生产许可管理办法》", None),
        ("药品经营许可（零售）（变更：企业名称）", S, "《中华人民共和国药品管理法》", None),
        ("第三类医疗器械经营许可（注销）", S, "《医疗器械监督管理条例》", None),
        ("特种设备使用登记（补证）", S, "《中华人民共和国特种设备安全法》", None),
        ("药品经营许可（零售）（新办）", C, "《中华人民共和国药品管理法》", None),
        ("药品经营许可（零售）（延续）", C, "《中华人民共和国药品管理法》", None),
        ("第三类医疗器械经营许可（新办）", C, "《医疗器械监督管理条例》", None),
        ("第三类医疗器械经营许可（延续）", C, "《医疗器械监督管理条例》", None),
        ("特种设备使用登记", C, "《中华人民共和国特种设备安全法》", None),
        ("计量标准器具核准", C, "《中华人民共和国计量法》", None),
        ("承担国家法定计量检定机构任务授权", C, "《中华人民共和国计量法》", None),
        ("食品生产许可（变更：增加食品类别）", C, "《食品生产许可管理办法》", None),
        ("食品生产许可（延续）", C, "《食品生产许可管理办法》", None),
        ("食品经营许可（变更：经营项目增加、布局改变）", C, "《食品经营许可和备案管理办法》", None),
        ("特种设备作业人员资格认定", C, "《中华人民共和国特种设备安全法》", None),
        ("开办超市\"一件事\"（食品经营许可＋公众聚集场所投入使用、营业前消防安全检查）", J,
         "《中华人民共和国食品安全法》；《中华人民共和国消防法》", "fire"),
    ],
    "housing": [
        ("建筑业企业资质（变更）", S, "《中华人民共和国建筑法》", None),
        ("房地产开发企业资质（注销）", S, "《城市房地产开发经营管理条例》", None),
        ("建筑施工企业安全生产许可证（变更）", S, "《安全生产许可证条例》", None),
        ("建筑工程施工许可证（变更建设单位名称）", S, "《中华人民共和国建筑法》", None),
        ("房地产开发企业资质核定（二级）", C, "《城市房地产开发经营管理条例》", None),
        ("建筑业企业资质核准（施工总承包三级）", C, "《中华人民共和国建筑法》", None),
        ("燃气经营许可证核发", C, "《城镇燃气管理条例》", None),
        ("城市建筑垃圾处置核准", C, "《城市市容和环境卫生管理条例》", None),
        ("特殊建设工程消防设计审查", C, "《中华人民共和国消防法》", None),
        ("特殊建设工程消防验收", C, "《中华人民共和国消防法》", None),
        ("建筑起重机械使用登记", C, "《建设工程安全生产管理条例》", None),
        ("商品房预售许可（变更）", C, "《城市商品房预售管理办法》", None),
        ("工程建设涉及城市绿地、树木审批", C, "《城市绿化条例》", None),
        ("市政设施建设类审批", C, "《城市道路管理条例》", None),
        ("建设工程竣工联合验收（消防验收＋规划条件核实）", J,
         "《中华人民共和国消防法》；《中华人民共和国城乡规划法》", "planning"),
    ],
    "planning": [
        ("建设工程规划许可证（变更）", S, "《中华人民共和国城乡规划法》", None),
        ("建设用地规划许可证（延期）", S, "《中华人民共和国城乡规划法》", None),
        ("建设项目用地预审与选址意见书核发", C, "《中华人民共和国土地管理法》；《中华人民共和国城乡规划法》", None),
        ("乡村建设规划许可证核发", C, "《中华人民共和国城乡规划法》", None),
        ("临时建设工程规划许可", C, "《中华人民共和国城乡规划法》", None),
        ("建设工程规划条件核实", C, "《中华人民共和国城乡规划法》", None),
        ("临时用地审批", C, "《中华人民共和国土地管理法》", None),
        ("建设项目压覆重要矿产资源审批", C, "《中华人民共和国矿产资源法》", None),
        ("国有建设用地使用权划拨批准", C, "《中华人民共和国土地管理法》", None),
        ("工程建设项目设计方案联合审查（规划＋住建）", J,
         "《中华人民共和国城乡规划法》；《中华人民共和国建筑法》", "housing"),
    ],
    "culture": [
        ("旅行社业务经营许可（变更）", S, "《旅行社条例》", None),
        ("营业性演出审批（变更演出时间、地点）", S, "《营业性演出管理条例》", None),
        ("娱乐场所经营许可（变更法定代表人）", S, "《娱乐场所管理条例》", None),
        ("营业性演出审批", C, "《营业性演出管理条例》", None),
        ("娱乐场所经营许可（游艺娱乐场所）", C, "《娱乐场所管理条例》", None),
        ("文艺表演团体设立审批", C, "《营业性演出管理条例》", None),
        ("出版物零售单位设立审批", C, "《出版管理条例》", None),
        ("印刷经营许可（其他印刷品）", C, "《印刷业管理条例》", None),
        ("设置卫星电视广播地面接收设施审批", C, "《卫星电视广播地面接收设施管理规定》", None),
        ("文物保护单位建设控制地带内建设工程设计方案审核", C, "《中华人民共和国文物保护法》", None),
        ("互联网上网服务营业场所经营单位设立审批（最终审核）", C, "《互联网上网服务营业场所管理条例》", None),
        ("开办歌舞娱乐场所\"一件事\"（娱乐场所经营许可＋公众聚集场所消防安全检查）", J,
         "《娱乐场所管理条例》；《中华人民共和国消防法》", "fire"),
    ],
    "health": [
        ("医师执业注册（变更执业地点）", S, "《中华人民共和国医师法》", None),
        ("护士执业注册（延续）", S, "《护士条例》", None),
        ("公共场所卫生许可（变更）", S, "《公共场所卫生管理条例》", None),
        ("医疗机构执业登记（变更名称）", S, "《医疗机构管理条例》", None),
        ("医疗机构设置审批", C, "《医疗机构管理条例》", None),
        ("放射诊疗许可", C, "《放射性同位素与射线装置安全和防护条例》", None),
        ("母婴保健技术服务机构执业许可", C, "《中华人民共和国母婴保健法》", None),
        ("饮用水供水单位卫生许可", C, "《中华人民共和国传染病防治法》", None),
        ("医师执业注册（首次）", C, "《中华人民共和国医师法》", None),
        ("护士执业注册（首次）", C, "《护士条例》", None),
        ("公共场所卫生许可（延续）", C, "《公共场所卫生管理条例》", None),
        ("医疗机构执业登记（校验）", C, "《医疗机构管理条例》", None),
        ("放射源诊疗技术和医用辐射机构许可（变更）", C, "《放射诊疗管理规定》", None),
        ("开办游泳场馆\"一件事\"（公共场所卫生许可＋公众聚集场所消防安全检查）", J,
         "《公共场所卫生管理条例》；《中华人民共和国消防法》", "fire"),
    ],
    "ecology": [
        ("排污许可证（变更：名称、法定代表人）", S, "《排污许可管理条例》", None),
        ("辐射安全许可证（变更单位名称）", S, "《放射性同位素与射线装置安全和防护条例》", None),
        ("建设项目环境影响报告书审批", C, "《中华人民共和国环境影响评价法》", None),
        ("危险废物经营许可（收集）", C, "《中华人民共和国固体废物污染环境防治法》", None),
        ("辐射安全许可证核发（使用Ⅲ类射线装置）", C, "《放射性同位素与射线装置安全和防护条例》", None),
        ("排污许可证核发（简化管理）", C, "《排污许可管理条例》", None),
        ("排污许可证延续", C, "《排污许可管理条例》", None),
        ("入河排污口设置审核", C, "《中华人民共和国水污染防治法》", None),
        ("建设项目环境影响报告书（表）重新审核", C, "《中华人民共和国环境影响评价法》", None),
    ],
    "transport": [
        ("道路运输经营许可证（变更）", S, "《中华人民共和国道路运输条例》", None),
        ("道路运输证（补发）", S, "《中华人民共和国道路运输条例》", None),
        ("出租汽车车辆运营证（变更）", S, "《巡游出租汽车经营服务管理规定》", None),
        ("道路旅客运输经营许可（市际）", C, "《中华人民共和国道路运输条例》", None),
        ("道路旅客运输班线经营许可", C, "《中华人民共和国道路运输条例》", None),
        ("网络预约出租汽车经营许可", C, "《网络预约出租汽车经营服务管理暂行办法》", None),
        ("网络预约出租汽车运输证核发", C, "《网络预约出租汽车经营服务管理暂行办法》", None),
        ("巡游出租汽车经营许可", C, "《巡游出租汽车经营服务管理规定》", None),
        ("道路旅客运输站经营许可", C, "《中华人民共和国道路运输条例》", None),
        ("道路危险货物运输车辆道路运输证核发", C, "《中华人民共和国道路运输条例》", None),
        ("公路超限运输许可", C, "《中华人民共和国公路法》", None),
        ("涉路施工许可", C, "《公路安全保护条例》", None),
        ("在公路用地范围内设置非公路标志许可", C, "《中华人民共和国公路法》", None),
        ("更新采伐护路林审批", C, "《中华人民共和国公路法》", None),
        ("城市公共汽电车客运线路经营许可", C, "《城市公共汽车和电车客运管理规定》", None),
        ("出租汽车驾驶员从业资格注册", C, "《出租汽车驾驶员从业资格管理规定》", None),
    ],
    "police": [
        ("公章刻制业特种行业许可（变更）", S, "《印铸刻字业暂行管理规则》", None),
        ("旅馆业特种行业许可证（变更）", S, "《旅馆业治安管理办法》", None),
        ("公章刻制业特种行业许可", C, "《印铸刻字业暂行管理规则》", None),
        ("典当业特种行业许可", C, "《典当管理办法》", None),
        ("举行集会游行示威许可", C, "《中华人民共和国集会游行示威法》", None),
        ("民用爆炸物品购买许可", C, "《民用爆炸物品安全管理条例》", None),
        ("民用爆炸物品运输许可", C, "《民用爆炸物品安全管理条例》", None),
        ("烟花爆竹道路运输许可", C, "《烟花爆竹安全管理条例》", None),
        ("焰火晚会烟花爆竹燃放许可", C, "《烟花爆竹安全管理条例》", None),
        ("剧毒化学品购买许可", C, "《危险化学品安全管理条例》", None),
        ("放射性物品道路运输许可", C, "《放射性物品运输安全管理条例》", None),
        ("剧毒化学品道路运输通行许可", C, "《危险化学品安全管理条例》", None),
        ("校车驾驶资格许可", C, "《校车安全管理条例》", None),
        ("开办旅馆\"一件事\"（旅馆业特种行业许可＋公共场所卫生许可）", J,
         "《旅馆业治安管理办法》；《公共场所卫生管理条例》", "health"),
    ],
    "hr": [
        ("人力资源服务许可证（变更）", S, "《人力资源市场暂行条例》", None),
        ("劳务派遣经营许可（变更）", S, "《劳务派遣行政许可实施办法》", None),
        ("民办职业培训学校设立审批", C, "《中华人民共和国民办教育促进法》", None),
        ("民办职业培训学校变更审批", C, "《中华人民共和国民办教育促进法》", None),
        ("民办职业培训学校终止审批", C, "《中华人民共和国民办教育促进法》", None),
        ("民办职业培训学校分立、合并审批", C, "《中华人民共和国民办教育促进法》", None),
        ("企业实行不定时工作制和综合计算工时工作制审批", C, "《中华人民共和国劳动法》", None),
        ("劳务派遣经营许可（延续）", C, "《劳务派遣行政许可实施办法》", None),
        ("人力资源服务许可（延续）", C, "《人力资源市场暂行条例》", None),
        ("技工学校设立审批（初级技工学校）", C, "《中华人民共和国职业教育法》", None),
        ("职业技能培训机构办学许可（延续）", C, "《中华人民共和国民办教育促进法》", None),
        ("开办民办职业培训学校\"一件事\"（办学许可＋公众聚集场所消防安全检查）", J,
         "《中华人民共和国民办教育促进法》；《中华人民共和国消防法》", "fire"),
    ],
    "fire": [
        ("公众聚集场所投入使用、营业前消防安全检查（告知承诺方式）", S, "《中华人民共和国消防法》", None),
        ("公众聚集场所投入使用、营业前消防安全检查（扩建、改建后）", C, "《中华人民共和国消防法》", None),
        ("公众聚集场所投入使用、营业前消防安全检查（变更使用性质）", C, "《中华人民共和国消防法》", None),
    ],
}
EXPECTED_TOTAL = 144
EXPECTED_DEPARTMENTS = 10


# ---------------------------------------------------------------------------------------------
# small helpers


def wd(x: float) -> str:
    """A duration in working days, written as the language wants it."""
    return f"{x:g} workday" if x <= 1 else f"{x:g} workdays"


def split(rng: random.Random, first: tuple[float, float], others: list[float]) -> list[float]:
    """Probabilities summing to 1: the first drawn in a range (2 decimals), the rest keep their shares."""
    p0 = round(rng.uniform(*first), 2)
    rest = 1.0 - p0
    total = sum(others)
    shares = [round(rest * o / total, 2) for o in others]
    shares[-1] = round(rest - sum(shares[:-1]), 2)
    return [p0, *shares]


def lane(name: str, kind: str, staff: int | None = None, organ: str | None = None) -> dict:
    out: dict = {"name": name, "kind": kind}
    if staff is not None:
        out["staff"] = staff
    if organ is not None:
        out["organ"] = organ
    return out


def tri(lo: str, mode: str, hi: str) -> dict:
    return {"distribution": "triangular", "min": lo, "mode": mode, "max": hi}


# ---------------------------------------------------------------------------------------------
# the common front part: receive, completeness check, one supplement notice, re-check (Art. 32)


def front_steps(rng: random.Random, after: str, *, on_the_spot: bool, materials: list[str]) -> list[dict]:
    """收件 → 材料审查 (accept / supplement / not accepted) → 一次性告知补正 → 补正 → 补正材料审查."""
    p = split(rng, (0.72, 0.86), [3.0, 1.0])
    recheck_ok = round(rng.uniform(0.93, 0.97), 2)
    steps = [
        {"id": "receive", "name": "收件", "lane": "window", "kind": "receive", "applicant_present": True,
         "duration": tri("5 min", "10 min", "25 min"), "materials": materials, "next": "check"},
        {"id": "check", "name": "材料审查（当场）" if on_the_spot else "材料审查", "lane": "window",
         "kind": "check-completeness", "duration": tri("5 min", "15 min", "30 min"),
         "outcomes": {"complete": {"next": after, "p": p[0]},
                      "incomplete": {"next": "supplement-notice", "p": p[1]},
                      "outside-remit": {"next": "not-accepted-notice", "p": p[2]}}},
        {"id": "supplement-notice", "name": "一次性告知补正", "lane": "window", "kind": "supplement-notice",
         "duration": {"distribution": "uniform", "min": "5 min", "max": "20 min"},
         "notice": {"document": "补正材料通知书（一次告知需要补正的全部内容）"}, "next": "applicant-supplements"},
        {"id": "applicant-supplements", "name": "申请人补正材料", "lane": "applicant", "kind": "wait",
         "duration": {"distribution": "lognormal", "mean": f"{rng.choice([2, 3, 4])} days", "sd": "1 day"},
         "next": "recheck"},
        {"id": "recheck", "name": "补正材料审查", "lane": "window", "kind": "check-completeness",
         "applicant_present": True, "duration": tri("5 min", "10 min", "25 min"),
         "outcomes": {"complete": {"next": after, "p": recheck_ok},
                      "still-incomplete": {"next": "not-accepted-notice", "p": round(1 - recheck_ok, 2)}}},
        {"id": "not-accepted-notice", "name": "出具不予受理通知书", "lane": "window", "kind": "notify",
         "duration": "10 min", "notice": {"document": "不予受理通知书", "reasons": True, "remedies": True},
         "end": "not-accepted"},
    ]
    return steps


def refusal_step(document: str = "不予行政许可决定书") -> dict:
    return {"id": "refusal-notice", "name": "送达不予行政许可决定书", "lane": "window", "kind": "notify",
            "duration": "15 min", "notice": {"document": document, "reasons": True, "remedies": True},
            "end": "refused"}


def accept_step(next_: str | list[str]) -> dict:
    return {"id": "accept", "name": "受理", "lane": "window", "kind": "accept", "duration": "10 min",
            "notice": {"document": "受理通知书"}, "next": next_}


def materials_for(name: str, law: str, partner_law: str | None) -> list[dict]:
    """The materials every template asks for: an application, the applicant's identity (shared), the
    proofs of the conditions the law sets; a joint item adds the second department's proofs."""
    out = [
        {"id": "application", "name": f"{name}申请表", "need": "required", "form": ["original", "electronic"],
         "basis": "《中华人民共和国行政许可法》第二十九条（申请书格式文本）"},
        {"id": "identity", "name": "申请人主体资格证明（营业执照或者身份证件）", "need": "required",
         "form": ["electronic"], "source": "government", "basis": "《中华人民共和国行政许可法》第三十一条"},
        {"id": "conditions", "name": "符合许可条件的证明材料", "need": "required", "form": ["original"],
         "basis": f"{law}（具体条款未核对）"},
    ]
    if partner_law:
        out.append({"id": "partner-conditions", "name": "符合第二项许可条件的证明材料", "need": "required",
                    "form": ["original"], "basis": f"{partner_law}（具体条款未核对）"})
    return out


# ---------------------------------------------------------------------------------------------
# the three templates


def on_the_spot(rng: random.Random, dept: Department, name: str, law: str) -> tuple[dict, dict]:
    """即办件: the decision on the spot by the department's staff stationed at the window."""
    p_ok = round(rng.uniform(0.95, 0.99), 2)
    steps = front_steps(rng, "decide-on-the-spot", on_the_spot=True,
                        materials=["application", "identity", "conditions"])
    steps += [
        {"id": "decide-on-the-spot", "name": "当场作出书面决定", "lane": "desk", "kind": "decide",
         "duration": tri("5 min", "15 min", "40 min"), "materials": ["application", "conditions"],
         "outcomes": {"approve": {"next": "issue-on-the-spot", "p": p_ok},
                      "refuse": {"next": "refusal-notice", "p": round(1 - p_ok, 2)}}},
        {"id": "issue-on-the-spot", "name": "当场发放证件或决定书", "lane": "window", "kind": "deliver",
         "duration": {"distribution": "uniform", "min": "5 min", "max": "15 min"}, "end": "approved"},
        refusal_step(),
    ]
    body = {
        "handling": "on-the-spot",
        "time_limit": {"statutory": "20 workdays", "promised": "on-the-spot",
                       "basis": "《中华人民共和国行政许可法》第三十四条第二款、第四十二条第一款"},
        "lanes": {"window": lane(WINDOW_LANE[dept.window], "window", WINDOW_STAFF_IN_FILES),
                  "desk": lane(f"{dept.short}进驻窗口审批人员", "department", 1),
                  "applicant": lane("申请人", "applicant")},
        "steps": steps,
    }
    return body, {"template": "on-the-spot (即办件)"}


def commitment(rng: random.Random, dept: Department, name: str, law: str) -> tuple[dict, dict]:
    """承诺件 of one department: review, sometimes a site check, a decision by the head."""
    promised = rng.choice([3, 5, 5, 7, 10, 10, 15])
    site = rng.random() < 0.45
    review_mean = round(max(0.25, promised * rng.uniform(0.10, 0.16)), 2)
    p_ok = round(rng.uniform(0.85, 0.96), 2)
    steps = front_steps(rng, "accept", on_the_spot=False, materials=["application", "identity", "conditions"])
    steps.append(accept_step("review"))
    review = {"id": "review", "name": "审查", "lane": "office", "kind": "review",
              "duration": {"distribution": "lognormal", "mean": wd(review_mean), "sd": wd(round(review_mean / 2, 2))},
              "materials": ["application", "conditions"]}
    if site:
        p_site = round(rng.uniform(0.3, 0.6), 2)
        review["outcomes"] = {"documents-suffice": {"next": "decide", "p": round(1 - p_site, 2)},
                              "site-check-needed": {"next": "site-check", "p": p_site}}
        hi = round(min(2.0, promised * 0.15), 2)
        steps += [review, {"id": "site-check", "name": "现场核查（两名以上工作人员）", "lane": "office",
                           "kind": "on-site-inspection",
                           "duration": tri("2 h", wd(round(hi / 2, 2)) if hi / 2 >= 0.3 else "2 h", wd(hi)),
                           "next": "decide"}]
    else:
        review["next"] = "decide"
        steps.append(review)
    decide_max = "1 workday" if promised >= 5 else "0.5 workday"
    steps += [
        {"id": "decide", "name": "许可决定", "lane": "leader", "kind": "decide",
         "duration": tri("30 min", "2 h", decide_max),
         "outcomes": {"approve": {"next": "make-licence", "p": p_ok},
                      "refuse": {"next": "refusal-notice", "p": round(1 - p_ok, 2)}}},
        {"id": "make-licence", "name": "制作证件或批准文书", "lane": "office", "kind": "other",
         "duration": {"distribution": "uniform", "min": "15 min", "max": "1 h"}, "next": "deliver"},
        {"id": "deliver", "name": "窗口出件（邮寄或电子证照）", "lane": "window", "kind": "deliver",
         "duration": "10 min", "end": "approved"},
        refusal_step(),
    ]
    body = {
        "handling": "commitment",
        "time_limit": {"statutory": "20 workdays", "promised": f"{promised} workdays",
                       "basis": "《中华人民共和国行政许可法》第四十二条第一款"},
        "lanes": {"window": lane(WINDOW_LANE[dept.window], "window", WINDOW_STAFF_IN_FILES),
                  "office": lane(f"{dept.short}审批人员", "department", 1),
                  "leader": lane(f"{dept.short}审批负责人", "department", 1),
                  "applicant": lane("申请人", "applicant")},
        "steps": steps,
    }
    return body, {"template": "single-department commitment (承诺件)"}


def joint(rng: random.Random, dept: Department, name: str, law: str, partner: Department) -> tuple[dict, dict]:
    """并联审批 of two departments: one acceptance, both review in parallel, one joint decision."""
    promised = rng.choice([10, 12, 15])
    p_ok = round(rng.uniform(0.82, 0.92), 2)
    steps = front_steps(rng, "accept", on_the_spot=False,
                        materials=["application", "identity", "conditions", "partner-conditions"])
    steps.append(accept_step(["lead-review", "partner-review"]))
    steps += [
        {"id": "lead-review", "name": f"{dept.short}审查", "lane": "lead", "kind": "review",
         "duration": {"distribution": "lognormal", "mean": "1.5 workdays", "sd": "0.75 workday"},
         "materials": ["application", "conditions"], "next": "lead-opinion"},
        {"id": "lead-opinion", "name": f"{dept.short}出具审查意见", "lane": "lead", "kind": "review",
         "duration": tri("1 h", "3 h", "1 workday"), "next": "joint-decision"},
        {"id": "partner-review", "name": f"{partner.short}审查", "lane": "partner", "kind": "review",
         "duration": {"distribution": "lognormal", "mean": "1 workday", "sd": "0.5 workday"},
         "materials": ["partner-conditions"], "next": "partner-site-check"},
        {"id": "partner-site-check", "name": f"{partner.short}现场检查（两名以上工作人员）", "lane": "partner",
         "kind": "on-site-inspection", "duration": tri("0.5 workday", "1 workday", "2 workdays"),
         "next": "partner-opinion"},
        {"id": "partner-opinion", "name": f"{partner.short}出具审查意见", "lane": "partner", "kind": "review",
         "duration": tri("1 h", "3 h", "1 workday"), "next": "joint-decision"},
        {"id": "joint-decision", "name": "汇总两部门意见、联合决定", "lane": "lead", "kind": "decide", "join": "all",
         "duration": tri("30 min", "1 h", "3 h"),
         "outcomes": {"both-granted": {"next": "make-licence", "p": p_ok},
                      "any-refused": {"next": "refusal-notice", "p": round(1 - p_ok, 2)}}},
        {"id": "make-licence", "name": "制作证件", "lane": "lead", "kind": "other",
         "duration": {"distribution": "uniform", "min": "30 min", "max": "2 h"}, "next": "deliver"},
        {"id": "deliver", "name": "统一出件（一并送达）", "lane": "window", "kind": "deliver",
         "duration": "15 min", "end": "approved"},
        refusal_step(),
    ]
    body = {
        "handling": "commitment",
        "cooperation": "joint",
        "time_limit": {"statutory": "45 workdays", "promised": f"{promised} workdays",
                       "basis": "《中华人民共和国行政许可法》第二十六条第二款、第四十二条第二款"},
        "lanes": {"window": lane(WINDOW_LANE[dept.window], "window", WINDOW_STAFF_IN_FILES),
                  "lead": lane(f"{dept.short}审批人员（牵头）", "department", 1),
                  "partner": lane(f"{partner.short}审批人员", "department", 1, organ=partner.name),
                  "applicant": lane("申请人", "applicant")},
        "steps": steps,
    }
    return body, {"template": "joint review of two departments (并联审批)"}


# ---------------------------------------------------------------------------------------------
# one generated file


@dataclass
class Generated:
    file: str  # relative to the centre file
    dept: Department
    partner: Department | None
    per_workday: float
    data: dict
    template: str


def build_item(rng: random.Random, index: int, dept: Department, entry: tuple[str, str, str, str | None],
               per_workday: float) -> Generated:
    name, template, law, partner_id = entry
    partner = DEPT[partner_id] if partner_id else None
    if template == S:
        body, meta = on_the_spot(rng, dept, name, law)
    elif template == C:
        body, meta = commitment(rng, dept, name, law)
    else:
        assert partner is not None
        body, meta = joint(rng, dept, name, law, partner)
    laws = [part for part in law.split("；")]
    partner_law = laws[1] if partner and len(laws) > 1 else None
    slug = f"{dept.id}-{index:03d}"
    data: dict = {
        "code": f"KM-GEN-{dept.code}-{index:03d}",
        "name": name,
        "type": "administrative-licensing",
        "authority": {"name": dept.name, "level": "municipal"},
        "legal_basis": laws,
        "handling": body["handling"],
    }
    if "cooperation" in body:
        data["cooperation"] = body["cooperation"]
    data["time_limit"] = body["time_limit"]
    data["visits"] = 1
    data["fee"] = {"charged": False, "basis": "《中华人民共和国行政许可法》第五十八条"}
    data["service_object"] = ["enterprise", "natural-person", "other-organization"]
    data["acceptance_conditions"] = [f"符合{law}规定的条件（示意，条款未核对）"]
    data["result"] = {"type": "certificate", "name": f"{name}（准予许可的证件或批准文书）"}
    data["materials"] = materials_for(name, laws[0], partner_law)
    data["lanes"] = body["lanes"]
    data["steps"] = body["steps"]
    data["sources"] = [
        f"Generated by {GENERATOR} from the template {meta['template']}; the item name is a real item "
        f"name of {dept.name}'s kind, its legal basis names the law only (articles not checked)",
        "《中华人民共和国行政许可法》第二十六条、第二十九条、第三十一条、第三十二条、第三十四条、第三十八条、"
        "第四十二条、第五十八条 — the articles the template follows",
    ]
    data["generated"] = (
        f"Written by {GENERATOR} from the {meta['template']} template (seed {SEED}); the item name is "
        f"real, but its legal basis, limits, materials, durations, probabilities, staff and volume "
        f"({per_workday:g} applications per working day) are illustrative, not published figures."
    )
    data["simulation"] = {"arrivals": {"per_workday": per_workday}}
    return Generated(f"generated/{slug}.yaml", dept, partner, per_workday, data, meta["template"])


def header(item: Generated) -> str:
    partner = f" with {item.partner.name}" if item.partner else ""
    return (
        "# yaml-language-server: $schema=../../../schema/process.schema.json\n"
        f"# GENERATED by {GENERATOR} — do not edit by hand; change the script and run it again.\n"
        f"# {item.data['name']} — {item.dept.name}{partner}.\n"
        f"# Template: {item.template}. The name is a real item name of the department; the legal basis\n"
        "# names the law only; time limits, materials, durations, probabilities, staff and the volume are\n"
        "# illustrative (see processes/README.md, 'Generated items' and 'Volume assumptions').\n"
    )


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


# ---------------------------------------------------------------------------------------------
# volumes and staffing


def zipf_volumes(rng: random.Random, n: int, total: float, boost: list[float]) -> list[float]:
    """Heavy-tailed volumes: ranks in a seeded random order get 1/rank^s, times a per-item boost
    (on-the-spot changes are more frequent than new licences), scaled to ``total``, rounded to 2
    decimals, kept between 0.02 and MAX_GENERATED_VOLUME."""
    order = list(range(n))
    rng.shuffle(order)
    weights = [0.0] * n
    for rank, i in enumerate(order, start=1):
        weights[i] = boost[i] / rank ** ZIPF_EXPONENT
    scale = total / sum(weights)
    return [min(MAX_GENERATED_VOLUME, max(0.02, round(w * scale, 2))) for w in weights]


def lane_work(path: Path) -> dict[str, float]:
    """Expected office minutes per case of each lane of a process (the simulator's traffic equations)."""
    import approvalnet
    from approvalnet.sim.engine import compile_model, visits

    model = compile_model(approvalnet.load(path))
    work: dict[str, float] = {}
    for s, v in enumerate(visits(model)):
        lane_id = model.lanes[model.step_lane[s]]
        work[lane_id] = work.get(lane_id, 0.0) + v * model.step_mean[s]
    return work


def pool_of(process_lanes: dict, lane_id: str, window: str, department: str, overrides: dict[str, str]) -> str | None:
    kind = process_lanes[lane_id].kind
    if kind == "window":
        return f"window:{window}"
    if kind == "department":
        return f"department:{overrides.get(lane_id, department)}"
    return None


def size_own_staff(item: Generated, work: dict[str, float]) -> None:
    """The staff of the file's own department lanes, used when the item is simulated alone: enough
    for its own volume at the target load, and two where the lane does a site check (Art. 34)."""
    inspecting = {s["lane"] for s in item.data["steps"] if s["kind"] == "on-site-inspection"}
    for lane_id, spec in item.data["lanes"].items():
        if spec["kind"] == "department":
            need = math.ceil(item.per_workday * work.get(lane_id, 0.0) / (420.0 * TARGET_LOAD))
            spec["staff"] = max(2 if lane_id in inspecting else 1, need)


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def size_staff(demand_minutes: float, day_minutes: float = 420.0) -> int:
    return max(2, math.ceil(demand_minutes / (day_minutes * TARGET_LOAD)))


# ---------------------------------------------------------------------------------------------
# main


def generate(out: Path) -> list[Path]:
    """Write generated/*.yaml and centre.yaml under ``out``; return the files written."""
    import approvalnet

    rng = random.Random(SEED)
    entries = [(d, e) for d in DEPARTMENTS for e in NAMES[d.id]]
    boost = [2.5 if e[1] == S else 1.0 for _, e in entries]
    volumes = zipf_volumes(rng, len(entries), GENERATED_PER_WORKDAY, boost)
    items: list[Generated] = []
    counters: dict[str, int] = {}
    for (dept, entry), volume in zip(entries, volumes, strict=True):
        counters[dept.id] = counters.get(dept.id, 0) + 1
        items.append(build_item(rng, counters[dept.id], dept, entry, volume))
    if len(items) + len(REAL_ITEMS) != EXPECTED_TOTAL:
        raise SystemExit(f"{len(items)} generated + {len(REAL_ITEMS)} real items is not {EXPECTED_TOTAL}")

    written: list[Path] = []
    gen_dir = out / "generated"
    gen_dir.mkdir(parents=True, exist_ok=True)
    for stale in sorted(gen_dir.glob("*.yaml")):
        if stale.name not in {Path(i.file).name for i in items}:
            stale.unlink()
    for item in items:
        path = out / item.file
        write_if_changed(path, header(item) + dump(item.data))
        size_own_staff(item, lane_work(path))
        write_if_changed(path, header(item) + dump(item.data))
        written.append(path)

    # demand per pool, in office minutes per working day
    demand: dict[str, float] = {}
    centre_items: list[dict] = []
    for file, dept_id, per_workday, overrides in REAL_ITEMS:
        path = HERE / file
        process = approvalnet.load(path)
        window = DEPT[dept_id].window
        for lane_id, minutes in lane_work(path).items():
            pool = pool_of(process.lanes, lane_id, window, dept_id, overrides)
            if pool:
                demand[pool] = demand.get(pool, 0.0) + per_workday * minutes
        entry: dict = {"file": file, "per_workday": per_workday, "window": window, "department": dept_id}
        if overrides:
            entry["lanes"] = dict(overrides)
        centre_items.append(entry)
    for item in items:
        path = out / item.file
        process = approvalnet.load(path)
        overrides = {"partner": item.partner.id} if item.partner else {}
        window = item.dept.window
        for lane_id, minutes in lane_work(path).items():
            pool = pool_of(process.lanes, lane_id, window, item.dept.id, overrides)
            if pool:
                demand[pool] = demand.get(pool, 0.0) + item.per_workday * minutes
        entry = {"file": item.file, "per_workday": item.per_workday, "window": window, "department": item.dept.id}
        if overrides:
            entry["lanes"] = overrides
        centre_items.append(entry)

    centre_path = out / "centre.yaml"
    write_if_changed(centre_path, centre_text(centre_items, demand))
    written.append(centre_path)
    return written


def centre_text(items: list[dict], demand: dict[str, float]) -> str:
    total = sum(i["per_workday"] for i in items)
    real = sum(i["per_workday"] for i in items if not i["file"].startswith("generated/"))
    generated = total - real
    windows = {w: {"name": name, "staff": size_staff(demand.get(f"window:{w}", 0.0))} for w, name in WINDOWS.items()}
    departments = {d.id: {"name": d.name, "staff": size_staff(demand.get(f"department:{d.id}", 0.0))}
                   for d in DEPARTMENTS}
    data = {
        "centre": {"code": "KM-ZWFW", "name": "昆明市政务服务中心（一窗式综合受理，第二批10个部门144个事项）"},
        "sources": [
            "《发展电子政务要注重基础设施建设》(范文先生网, 2023-08-21), the article approvalnet grew from: 昆明市政府启动第二批10个部门、144个行政审批项目的电子政务"
            "\"一窗式\"行政审批试点 — the figures 10 and 144 are from this article only and are NOT confirmed by "
            "any other source that searches found",
            "昆明市政府便民服务中心 founded January 2001 — http://yn.yunnan.cn/system/2019/05/26/030285805.shtml "
            "(云南日报 2019-05-26)",
            "前台综合受理、后台分类审批、统一窗口出件 (中山政务函〔2019〕50号) — https://m.wenke99.com/p-6243895.html",
            "昆明市市级大厅设工程建设项目审批综合窗口 — http://sg.km.gov.cn/c/2020-09-29/3775564.shtml",
            "The 20 hand-written items cite their own sources (processes/README.md); the 124 generated items are "
            "illustrative (processes/kunming/generate.py)",
        ],
        "generated": (
            f"Written by {GENERATOR} (seed {SEED}): the list of items and their volumes, and the staff of every "
            f"pool sized for {TARGET_LOAD:.0%} utilization; the departments and windows are real organs, the "
            "volumes and staff counts are assumptions."
        ),
        # calendar-2027.yaml: the estimated holidays of 2027 (scripts/calendar_estimate.py) until the
        # State Council's notice is written in (docs/calendar.md)
        "calendar": {"office_hours": ["09:00-12:00", "13:30-17:30"], "holidays": "china", "weekends": True,
                     "start": "2026-01-05", "file": "calendar-2027.yaml"},
        "windows": windows,
        "departments": departments,
        "items": items,
    }
    head = (
        "# yaml-language-server: $schema=../../schema/centre.schema.json\n"
        f"# GENERATED by {GENERATOR} — do not edit by hand; change the script and run it again.\n"
        "#\n"
        "# The Kunming demo centre: the second batch of 10 departments and 144 approval items that the seed\n"
        "# article says Kunming's convenience service centre took into one-window (一窗式) online approval.\n"
        "# The 10/144 figure comes from that article only and is unconfirmed (no other source was found).\n"
        "# Real: the 10 organs; the 20 hand-written items (sources in each file and processes/README.md).\n"
        "# Generated: the other 124 items (generated/, illustrative names of real items, templates of the\n"
        "# common shapes), every volume and every staff count.\n"
        "# Volume assumptions (processes/README.md, 'Volume assumptions'): about "
        f"{total:.0f} applications per working\n"
        f"# day in all; the 20 real items carry {real:.0f} of them (the food business licence alone 6.5), the\n"
        f"# 124 generated ones share {generated:.0f} in a heavy-tailed split (Zipf, s = {ZIPF_EXPONENT:g},\n"
        f"# scaled to {GENERATED_PER_WORKDAY:g}, each capped at {MAX_GENERATED_VOLUME:g}; on-the-spot changes\n"
        "# weighted 2.5 times). Staff: every pool sized so that the expected work (the simulator's\n"
        f"# traffic equations) keeps it {TARGET_LOAD:.0%} busy; step durations are staff working time,\n"
        "# so departments with long reviews need many staff.\n"
    )
    return head + dump(data)


def main(argv: list[str]) -> int:
    out = Path(argv[1]).resolve() if len(argv) > 1 else HERE
    if len(argv) > 2:
        print("usage: generate.py [OUT_DIR]", file=sys.stderr)
        return 2
    written = generate(out)
    print(f"{len(written) - 1} generated items and centre.yaml in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
