// The interface's words, one table per language (the Chinese follows docs/glossary.md). The
// language comes from ?lang=, else the browser's; the header's switch sets ?lang= and reloads, and
// every API call sends it so that the server's messages come in the same language.
const EN = {
  "app.title": "workbench",
  "nav.label": "Main", "nav.catalogue": "Catalogue", "nav.conform": "Conformance", "nav.skip": "Skip to the content",
  "lang.label": "Language", "loading": "Loading…", "notfound.title": "No such page",
  "error.title": "Something went wrong", "error.network": "The server cannot be reached", "error.close": "Close the message",
  "unsaved.leave": "The file has unsaved changes. Leave the page and lose them?",
  "level.error": "Errors", "level.warning": "Warnings", "level.info": "Info",
  "level1.error": "error", "level1.warning": "warning", "level1.info": "info",
  "cat.title": "Catalogue of items", "cat.search": "Search", "cat.search.placeholder": "name, code or file",
  "cat.department": "Department", "cat.type": "Type", "cat.level": "Findings", "cat.all": "All", "cat.any": "Any",
  "cat.with.error": "with errors", "cat.with.warning": "with warnings", "cat.with.info": "with info",
  "cat.with.invalid": "invalid files", "cat.with.unsound": "not sound",
  "cat.name": "Name", "cat.code": "Code", "cat.statutory": "Statutory limit", "cat.promised": "Promised limit", "cat.unit": "working days",
  "cat.valid": "Valid", "cat.sound": "Sound", "cat.sound.yes": "sound", "cat.sound.no": "not sound", "cat.centre": "Service centre",
  "cat.invalid": "{n} problems", "cat.count": "{shown} of {total} files",
  "type.administrative-licensing": "Administrative licensing", "type.administrative-confirmation": "Administrative confirmation",
  "type.administrative-payment": "Administrative payment", "type.administrative-reward": "Administrative reward",
  "type.administrative-ruling": "Administrative ruling", "type.administrative-collection": "Administrative collection",
  "type.other-administrative-power": "Other administrative power", "type.public-service": "Public service",
  "item.editor": "YAML of the process", "item.save": "Save", "item.reload": "Reload from disk", "item.unsaved": "● unsaved changes",
  "item.saving": "Saving…", "item.saved": "Saved.", "item.reloaded": "Reloaded from disk.", "item.checking": "Checking…",
  "item.reload.confirm": "Reload the file from disk and discard your unsaved changes?",
  "item.notloaded": "The file could not be opened.",
  "item.views": "Diagrams", "item.diagram": "Diagram", "view.flow": "Flowchart", "view.net": "Petri net", "view.guide": "Guide flowchart",
  "item.drawing": "Drawing…", "item.zoom": "Zoom", "item.zoom.in": "Zoom in", "item.zoom.out": "Zoom out", "item.zoom.fit": "Fit", "item.diagram.stale": "The text is not valid: the diagram shows the last valid text.",
  "item.diagram.bad": "The server's diagram could not be read.",
  "item.findings": "Findings", "item.level": "Level", "item.rule": "Rule", "item.message": "Message", "item.line": "Line",
  "item.validation": "validation", "item.nofindings": "No findings.", "item.sound": "sound", "item.unsound": "not sound",
  "stale.title": "The file changed on disk since you opened it",
  "stale.detail": "Nothing was saved, and your text is still in the editor. Reload the file from disk (your changes are lost), save your text over the other version, or download your text first.",
  "stale.reload": "Reload from disk", "stale.reload.confirm": "Discard your text and load the version on disk?",
  "stale.overwrite": "Save my text anyway", "stale.overwrite.confirm": "Replace the version on disk with your text?",
  "stale.download": "Download my text",
  "sim.title": "Simulation", "sim.scenario": "Scenario", "sim.arrivals": "Applications per working day", "sim.auto": "as in file",
  "sim.days": "Working days", "sim.replications": "Replications", "sim.staff": "Staff per lane (empty: as in the file)",
  "sim.nolanes": "No lane of this process takes staff.", "sim.run": "Run the simulation",
  "job.progress": "Progress", "job.cancel": "Cancel", "job.queued": "Queued", "job.running": "Running", "job.done": "Done",
  "job.failed": "Failed", "job.cancelled": "Cancelled.",
  "sim.kpi.throughput": "Throughput (cases per working day)", "sim.kpi.throughput.sub": "{arrived} arrived, {completed} completed",
  "sim.kpi.cycle": "Mean handling time (working days)", "sim.kpi.p90": "90 %:", "sim.kpi.max": "max",
  "sim.kpi.promised": "On time (promised limit)", "sim.kpi.statutory": "On time (statutory limit)",
  "sim.kpi.ontime.sub": "on-time completion rate", "sim.kpi.bottleneck": "Bottleneck",
  "sim.limit.promised": "promised", "sim.limit.statutory": "statutory",
  "sim.hist.label": "Histogram of the handling time of {n} cases", "sim.hist.x": "handling time (working days)",
  "sim.hist.xclock": "working days on the legal clock", "sim.nohist": "No per-case times in the result.",
  "sim.hist.caption": "{n} cases of the first replication; the lines are the promised and the statutory limits, the bars beyond them red.",
  "sim.util.caption": "Utilization per lane (staff); mean ± 95 % confidence interval with several replications.",
  "sim.defaults": "The file has no simulation section: {rate} applications per working day were assumed (the busiest lane 70 % busy).",
  "col.name": "Name", "col.p90": "90 % of cases within (working days)", "centre.edit": "edit the file", "centre.notcentre": "This file is not a service centre file.", "item.centre.page": "A centre is simulated on its own page: open it.", "centre.pools": "Windows and departments", "centre.pool": "Pool", "centre.kind": "Kind", "centre.kind.window": "window",
  "centre.kind.department": "department", "centre.sim": "Simulation of the centre", "centre.util": "Utilization per pool (staff)",
  "centre.late": "Items most often late", "centre.late.leftout": "{n} more items miss their promised limit, but their share on time is not known to within ±{points} points from this run: left out (a longer run, or more replications, would tell).",
  "centre.departments": "Departments", "centre.department": "Department",
  "centre.items": "Items", "centre.perday": "Applications per working day",
  "staff.title": "Staffing", "staff.ontime": "On time (promised), at least", "staff.maxwait": "Mean wait at most",
  "staff.run": "Find the staffing", "staff.sweep.pool": "Sweep the pool", "staff.sweep.from": "from", "staff.sweep.to": "to",
  "staff.sweep.run": "Sweep", "staff.met": "The targets are met.", "staff.notmet": "The targets are not met.",
  "staff.total": "Staff in all", "staff.infile": "{n} in the file", "staff.infile.col": "In the file", "staff.erlang": "Erlang C start",
  "staff.staff": "Staff", "staff.util": "Utilization", "staff.wait": "Mean wait (min)", "staff.sweep.of": "Sweep of {pool}",
  "staff.sweep.caption": "On-time completion rates (promised and statutory limits) and utilization for each staff size.", "staff.overloaded": "Overloaded (the queue grows without end) with {sizes} staff.",
  "conform.title": "Conformance checking", "conform.intro": "Check an event log (CSV, XES, xlsx) of real cases against the process as its file defines it: fitness, precision, the cases late against each limit and the deviations.",
  "conform.process": "Process", "conform.log": "Event log", "conform.run": "Check the log",
  "conform.open": "open the item", "conform.fitness": "Fitness", "conform.precision": "Precision", "conform.cases": "Cases",
  "conform.conforming": "Conforming cases", "conform.variants": "Variants", "conform.limits": "Time limits",
  "conform.kind": "Deviation", "conform.limit": "Limit (working days)", "conform.late": "Late cases", "conform.worst": "Worst (working days)",
  "conform.basis": "Basis", "conform.deviations": "Deviations", "conform.none": "No deviations.", "conform.case": "Case",
  "conform.step": "Step", "conform.more": "{n} more cases not shown.",
  "dev.skipped-step": "skipped step", "dev.unknown-activity": "step not in the standard", "dev.wrong-order": "wrong order",
  "dev.unexpected-step": "unexpected step", "dev.unfinished-case": "unfinished case", "dev.repeated-supplement": "repeated supplement notice",
  "dev.late-promised": "beyond the promised limit", "dev.late-statutory": "beyond the statutory limit", "dev.late-delivery": "beyond the delivery limit",
};

const ZH = {
  "app.title": "工作台",
  "nav.label": "主导航", "nav.catalogue": "事项目录", "nav.conform": "一致性检查", "nav.skip": "跳到正文",
  "lang.label": "界面语言", "loading": "正在加载…", "notfound.title": "没有这个页面",
  "error.title": "出错了", "error.network": "无法连接服务器", "error.close": "关闭提示",
  "unsaved.leave": "文件有未保存的修改。离开本页将丢失这些修改，确定离开吗？",
  "level.error": "错误", "level.warning": "警告", "level.info": "提示",
  "level1.error": "错误", "level1.warning": "警告", "level1.info": "提示",
  "cat.title": "事项目录", "cat.search": "搜索", "cat.search.placeholder": "名称、编码或文件",
  "cat.department": "部门", "cat.type": "事项类型", "cat.level": "问题", "cat.all": "全部", "cat.any": "不限",
  "cat.with.error": "有错误", "cat.with.warning": "有警告", "cat.with.info": "有提示",
  "cat.with.invalid": "无效文件", "cat.with.unsound": "不合理",
  "cat.name": "事项名称", "cat.code": "编码", "cat.statutory": "法定时限", "cat.promised": "承诺时限", "cat.unit": "工作日",
  "cat.valid": "有效", "cat.sound": "合理性", "cat.sound.yes": "合理", "cat.sound.no": "不合理", "cat.centre": "政务服务中心",
  "cat.invalid": "{n} 个问题", "cat.count": "共 {total} 个文件，显示 {shown} 个",
  "type.administrative-licensing": "行政许可", "type.administrative-confirmation": "行政确认",
  "type.administrative-payment": "行政给付", "type.administrative-reward": "行政奖励",
  "type.administrative-ruling": "行政裁决", "type.administrative-collection": "行政征收",
  "type.other-administrative-power": "其他行政权力", "type.public-service": "公共服务",
  "item.editor": "流程的 YAML", "item.save": "保存", "item.reload": "从磁盘重新载入", "item.unsaved": "● 有未保存的修改",
  "item.saving": "正在保存…", "item.saved": "已保存。", "item.reloaded": "已从磁盘重新载入。", "item.checking": "正在检查…",
  "item.reload.confirm": "从磁盘重新载入文件并放弃未保存的修改吗？",
  "item.notloaded": "无法打开该文件。",
  "item.views": "图", "item.diagram": "图", "view.flow": "流程图", "view.net": "Petri 网", "view.guide": "办事指南流程图",
  "item.drawing": "正在绘制…", "item.zoom": "缩放", "item.zoom.in": "放大", "item.zoom.out": "缩小", "item.zoom.fit": "适合窗口", "item.diagram.stale": "当前文本无效：图中显示的是最后一次有效的文本。",
  "item.diagram.bad": "无法读取服务器返回的图。",
  "item.findings": "问题", "item.level": "级别", "item.rule": "规则", "item.message": "说明", "item.line": "行",
  "item.validation": "校验", "item.nofindings": "没有发现问题。", "item.sound": "合理", "item.unsound": "不合理",
  "stale.title": "文件在您打开之后已在磁盘上被修改",
  "stale.detail": "没有保存任何内容，您的文本仍在编辑器中。可以从磁盘重新载入（您的修改将丢失）、用您的文本覆盖另一版本，或先下载您的文本。",
  "stale.reload": "从磁盘重新载入", "stale.reload.confirm": "放弃您的文本并载入磁盘上的版本吗？",
  "stale.overwrite": "仍然保存我的文本", "stale.overwrite.confirm": "用您的文本替换磁盘上的版本吗？",
  "stale.download": "下载我的文本",
  "sim.title": "仿真", "sim.scenario": "情景", "sim.arrivals": "每个工作日申请量", "sim.auto": "按文件",
  "sim.days": "工作日数", "sim.replications": "重复次数", "sim.staff": "各岗位人员（留空：按文件）",
  "sim.nolanes": "本流程没有需要人员的岗位。", "sim.run": "运行仿真",
  "job.progress": "进度", "job.cancel": "取消", "job.queued": "排队中", "job.running": "运行中", "job.done": "完成",
  "job.failed": "失败", "job.cancelled": "已取消。",
  "sim.kpi.throughput": "办结量（件/工作日）", "sim.kpi.throughput.sub": "到达 {arrived} 件，办结 {completed} 件",
  "sim.kpi.cycle": "平均办理时长（工作日）", "sim.kpi.p90": "90 %：", "sim.kpi.max": "最长",
  "sim.kpi.promised": "按时办结率（承诺时限）", "sim.kpi.statutory": "按时办结率（法定时限）",
  "sim.kpi.ontime.sub": "按时办结率", "sim.kpi.bottleneck": "瓶颈",
  "sim.limit.promised": "承诺时限", "sim.limit.statutory": "法定时限",
  "sim.hist.label": "{n} 件的办理时长直方图", "sim.hist.x": "办理时长（工作日）",
  "sim.hist.xclock": "计入时限的工作日", "sim.nohist": "结果中没有逐件的办理时长。",
  "sim.hist.caption": "第一次重复中的 {n} 件；竖线为承诺时限和法定时限，超出部分为红色。",
  "sim.util.caption": "各岗位利用率（人员）；多次重复时为平均值 ± 95 % 置信区间。",
  "sim.defaults": "文件没有仿真部分：假定每个工作日申请量 {rate} 件（最忙岗位利用率 70 %）。",
  "col.name": "名称", "col.p90": "90 % 办件不超过（工作日）", "centre.edit": "编辑文件", "centre.notcentre": "该文件不是政务服务中心文件。", "item.centre.page": "政务服务中心在其专门页面上仿真：打开该页面。", "centre.pools": "窗口和部门", "centre.pool": "人员组", "centre.kind": "类别", "centre.kind.window": "窗口",
  "centre.kind.department": "部门", "centre.sim": "政务服务中心仿真", "centre.util": "各人员组利用率（人员）",
  "centre.late": "最常超时的事项", "centre.late.leftout": "另有 {n} 个事项超出承诺时限，但本次仿真对其按时办结率的估计误差大于 ±{points} 个百分点，未列出（延长仿真天数或增加重复次数即可判断）。",
  "centre.departments": "部门", "centre.department": "部门",
  "centre.items": "事项数", "centre.perday": "每个工作日申请量",
  "staff.title": "人员配置", "staff.ontime": "按时办结率（承诺时限）不低于", "staff.maxwait": "平均等候时间不超过",
  "staff.run": "求人员配置", "staff.sweep.pool": "扫描人员组", "staff.sweep.from": "从", "staff.sweep.to": "到",
  "staff.sweep.run": "扫描", "staff.met": "目标已达到。", "staff.notmet": "目标未达到。",
  "staff.total": "人员合计", "staff.infile": "文件中 {n} 人", "staff.infile.col": "文件中", "staff.erlang": "Erlang C 起点",
  "staff.staff": "人员", "staff.util": "利用率", "staff.wait": "平均等候时间（分钟）", "staff.sweep.of": "{pool} 的扫描",
  "staff.sweep.caption": "各人员数下的按时办结率（承诺时限和法定时限）和利用率。", "staff.overloaded": "人员为 {sizes} 时超负荷（积压无限增长）。",
  "conform.title": "一致性检查", "conform.intro": "用实际办件的事件日志（CSV、XES、xlsx）对照文件所定义的流程进行检查：拟合度、精确度、超出各时限的办件和偏差。",
  "conform.process": "流程", "conform.log": "事件日志", "conform.run": "检查日志",
  "conform.open": "打开事项", "conform.fitness": "拟合度", "conform.precision": "精确度", "conform.cases": "办件数",
  "conform.conforming": "一致的办件", "conform.variants": "变体数", "conform.limits": "时限",
  "conform.kind": "偏差", "conform.limit": "时限（工作日）", "conform.late": "超时办件", "conform.worst": "最长（工作日）",
  "conform.basis": "依据", "conform.deviations": "偏差", "conform.none": "没有偏差。", "conform.case": "办件",
  "conform.step": "环节", "conform.more": "另有 {n} 件未显示。",
  "dev.skipped-step": "缺少环节", "dev.unknown-activity": "标准外环节", "dev.wrong-order": "顺序颠倒",
  "dev.unexpected-step": "多余环节", "dev.unfinished-case": "未办结", "dev.repeated-supplement": "多次补正",
  "dev.late-promised": "超承诺时限", "dev.late-statutory": "超法定时限", "dev.late-delivery": "超送达时限",
};

export const TABLES = { en: EN, zh: ZH };

function chosen() {
  const param = new URLSearchParams(location.search).get("lang");
  if (param) return param.toLowerCase().startsWith("zh") ? "zh" : "en";
  const browser = navigator.languages?.[0] || navigator.language || "en";
  return browser.toLowerCase().startsWith("zh") ? "zh" : "en";
}

const current = chosen();
export const lang = () => current;

export function setLang(code) {
  const url = new URL(location.href);
  url.searchParams.set("lang", code);
  location.assign(url.toString()); // a reload: the beforeunload warning guards unsaved text
}

// t("cat.count", {shown, total}); a key missing from the table falls back to English, then to `fallback`.
export function t(key, values = {}, fallback = key) {
  const text = TABLES[current][key] ?? EN[key] ?? fallback;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

export const typeName = (type) => t(`type.${type}`, {}, type);
