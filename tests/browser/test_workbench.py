"""The workbench in a real browser: Chromium (Debian's, driven by Playwright) against `approvalnet
serve` on a copy of processes/. Opens the catalogue and filters it, edits an item (a broken key shows
at its line, the fixed text redraws the diagram), runs a simulation, saves, and meets a file changed
on disk; takes the screenshots of docs/workbench-ui.md (docs/img/workbench-*.png).

Skipped, as a whole, only when Chromium (/usr/bin/chromium, Debian's `chromium` package, which
scripts/system-deps.sh installs) or the playwright package is missing."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"the browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
                allow_module_level=True)
try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:
    pytest.skip("the browser tests need the playwright package (pip install -e '.[dev]')", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "img"
SCRATCH = Path(tempfile.gettempdir()) / "approvalnet-workbench-screenshots"
ITEM = "kunming/food-business-licence.yaml"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of processes/ (all of it: the catalogue test counts every file)."""
    target = tmp_path_factory.mktemp("served") / "processes"
    shutil.copytree(ROOT / "processes", target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@contextmanager
def serving(folder: Path, *options: str) -> Iterator[str]:
    """`approvalnet serve FOLDER` on a free port of 127.0.0.1, in a process of its own; its address."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "approvalnet", "serve", str(folder), "--no-open", "--host", "127.0.0.1",
         "--port", str(port), *options], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "api/v1/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()[0]
                pytest.fail(f"approvalnet serve did not start:\n{output}")
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[str]:
    with serving(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def image(name: str) -> Path:
    """Where a screenshot goes: docs/img/workbench-NAME.png when it is not there yet or when
    APPROVALNET_SCREENSHOTS=1 asks to refresh them, else a temporary folder (a test run does not
    rewrite the committed images with pixels that differ only by antialiasing)."""
    target = IMAGES / f"workbench-{name}.png"
    if target.exists() and os.environ.get("APPROVALNET_SCREENSHOTS") != "1":
        target = SCRATCH / target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def shot(page: Page, name: str, **options: object) -> None:
    page.screenshot(path=str(image(name)), **options)  # type: ignore[arg-type]


def line_of(folder: Path, path: str, text: str) -> int:
    lines = (folder / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text))


def retype_line(page: Page, old: str, new: str) -> None:
    """Replace the editor's line that starts with ``old`` by ``new``, by keyboard."""
    line = page.locator(".cm-line", has_text=re.compile("^" + re.escape(old))).first
    line.click()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(new)


def open_item(page: Page, server: str, path: str = ITEM, lang: str = "en") -> None:
    page.goto(f"{server}?lang={lang}#/item/{path}")
    expect(page.locator("#diagram svg")).to_be_visible(timeout=20_000)


def test_catalogue_lists_every_file_and_filters(page: Page, server: str, folder: Path) -> None:
    from approvalnet.paths import find_process_files

    files = find_process_files([str(folder)])  # process and centre files: not the rule settings, not calendars
    page.goto(server + "?lang=en")
    rows = page.locator("table.catalogue tbody tr")
    expect(rows).to_have_count(len(files), timeout=30_000)
    expect(page.locator(".count")).to_have_text(f"{len(files)} of {len(files)} files")
    shot(page, "catalogue")

    page.fill("#cat-search", "食品经营许可")
    names = rows.locator("td:first-child a").all_inner_texts()
    assert 0 < len(names) < len(files) and all("食品经营许可" in name for name in names), names

    page.fill("#cat-search", "")
    page.select_option("#cat-department", "昆明市公安局")
    expect(rows).not_to_have_count(len(files))
    departments = rows.locator("td:nth-child(3)").all_inner_texts()
    assert departments and set(departments) == {"昆明市公安局"}

    page.select_option("#cat-department", "")
    page.get_by_role("button", name="Code").click()  # sort by code, ascending
    codes = [c for c in rows.locator("td:nth-child(2)").all_inner_texts() if c != "–"]
    assert codes == sorted(codes, key=lambda c: c) or codes == sorted(codes), codes[:5]
    page.get_by_role("button", name="Code").click()
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)

    page.locator("table.catalogue a", has_text="Kunming").or_(
        page.locator("table.catalogue tbody tr", has_text="政务服务中心").locator("a")).first.click()
    expect(page).to_have_url(re.compile(r"#/centre/kunming/centre\.yaml$"))
    expect(page.locator("#pools tbody tr")).not_to_have_count(0, timeout=20_000)


def test_a_broken_key_shows_at_its_line_and_the_fixed_text_is_drawn(page: Page, server: str, folder: Path) -> None:
    open_item(page, server)
    shot(page, "item")
    line = line_of(folder, ITEM, "handling:")
    retype_line(page, "handling:", "handlin: commitment")
    finding = page.locator("#findings tbody tr", has=page.locator("td:nth-child(4)", has_text=re.compile(f"^{line}$")))
    expect(finding.first).to_be_visible(timeout=10_000)
    expect(page.locator(".cm-lintRange-error").first).to_be_visible()  # the problem underlined in the editor
    expect(page.locator(".cm-gutter-lint .cm-lint-marker-error").first).to_be_visible()
    expect(page.locator("#diagram")).to_have_class(re.compile("stale"))
    expect(page.locator(".unsaved")).to_be_visible()
    shot(page, "findings")

    page.locator("#findings tbody tr").first.click()
    finding.first.click()  # the cursor goes to the finding's line
    expect(page.locator(".cm-activeLine")).to_have_text("handlin: commitment")

    retype_line(page, "handlin:", "handling: commitment")
    expect(page.locator("#findings tbody td.empty, #findings .lvl-error")).not_to_have_count(0, timeout=10_000)
    expect(page.locator("#findings .lvl-error")).to_have_count(0, timeout=10_000)
    expect(page.locator("#diagram")).not_to_have_class(re.compile("stale"), timeout=15_000)
    expect(page.locator("#diagram svg")).to_be_visible()
    expect(page.locator(".unsaved")).to_be_hidden()  # the text is the saved one again

    page.get_by_role("tab", name="Petri net").click()
    expect(page.locator("#diagram svg")).to_have_attribute("aria-label", "Petri net", timeout=15_000)
    page.get_by_role("tab", name="Petri net").press("ArrowRight")  # the tabs by keyboard
    expect(page.locator("#diagram svg")).to_have_attribute("aria-label", "Guide flowchart", timeout=15_000)
    page.get_by_role("tab", name="Flowchart", exact=True).click()  # drawn before for this text: shown again
    expect(page.locator("#diagram svg")).to_have_attribute("aria-label", "Flowchart")


def test_a_simulation_shows_its_kpis(page: Page, server: str) -> None:
    open_item(page, server, lang="zh")
    page.fill("#sim-staff-signoff", "2")
    page.fill("#sim-days", "40")
    page.click("#sim-run")
    kpis = page.locator("#sim-kpis")
    expect(kpis).to_be_visible(timeout=60_000)
    expect(kpis).to_contain_text("办结量")
    expect(kpis).to_contain_text("按时办结率（法定时限）")
    expect(kpis.locator(".kpi-value").first).to_have_text(re.compile(r"^\d+\.\d\d ± \d+\.\d\d$"))
    assert page.locator("svg.histogram rect.bar").count() == 24
    expect(page.locator("svg.histogram .limit")).to_have_count(2)  # the promised and the statutory limit
    expect(page.locator(".bar-row", has_text="signoff（2）")).to_be_visible()
    page.locator("#simulation").scroll_into_view_if_needed()
    page.locator("#simulation").screenshot(path=str(image("simulation")))


def test_the_centre_page(page: Page, server: str) -> None:
    page.goto(server + "?lang=zh#/centre/kunming/centre.yaml")
    expect(page.locator("#pools tbody tr")).to_have_count(12, timeout=20_000)  # 2 windows, 10 departments
    page.fill("#csim-days", "10")
    page.locator("#csim-title + form button[type=submit]").click()
    # items known well enough from a 10-day run are listed; the others are counted below the table
    expect(page.locator("#late-items tbody tr, #late-left-out")).not_to_have_count(0, timeout=60_000)
    expect(page.locator("#csim-results")).to_contain_text("最常超时的事项")
    expect(page.locator("#csim-results .bar-row")).to_have_count(12)
    shot(page, "centre", full_page=True)


def test_completion_from_the_schema(page: Page, server: str) -> None:
    open_item(page, server)
    page.locator(".cm-line", has_text=re.compile("^    name: 食品经营许可申请书")).first.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("co")  # in a material: its keys, less those it has (copies)
    popup = page.locator(".cm-tooltip-autocomplete")
    expect(popup).to_contain_text("condition")
    expect(popup).not_to_contain_text("copies")
    page.keyboard.press("Escape")
    page.locator(".cm-line", has_text=re.compile("^handling:")).first.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("cooperation: j")  # a value: the enum's
    expect(popup).to_have_text(re.compile("joint"))
    popup.locator("li", has_text="joint").click()
    expect(page.locator(".cm-activeLine")).to_have_text("cooperation: joint")
    page.keyboard.press("Enter")
    page.keyboard.type("vi")  # top level: not the keys the file has (visits)
    expect(popup).to_be_visible()
    expect(popup.locator("li")).not_to_have_count(0)
    labels = popup.locator("li .cm-completionLabel").all_inner_texts()
    assert "visits" not in labels and "name" not in labels, labels


def test_conformance_of_a_log(page: Page, server: str, folder: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    subprocess.run([sys.executable, "-m", "approvalnet", "simulate", str(folder / ITEM), "--cases", "80", "--log",
                    str(log)], check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    page.goto(server + "?lang=en#/conform")
    expect(page.locator("#conform-process option")).not_to_have_count(0, timeout=20_000)
    page.select_option("#conform-process", ITEM)
    page.set_input_files("#conform-log", str(log))
    page.click("#conform-run")
    expect(page.locator("#conform-kpis")).to_contain_text("Fitness", timeout=30_000)
    expect(page.locator("#conform-kpis .kpi", has=page.get_by_text("Cases", exact=True))).to_contain_text("80")
    expect(page.locator("#conform-limits tbody tr")).to_have_count(3)  # promised, statutory, delivery
    shot(page, "conformance")


def test_save_writes_the_file(page: Page, server: str, folder: Path) -> None:
    path = "kunming/internet-cafe-licence.yaml"
    before = (folder / path).read_text(encoding="utf-8")
    name = next(line for line in before.splitlines() if line.startswith("name:"))
    open_item(page, server, path)
    retype_line(page, "name:", name + "（已修改）")
    expect(page.locator(".unsaved")).to_be_visible()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator(".back").click()  # leaving with unsaved changes: asked, and staying keeps the text
    expect(page).to_have_url(re.compile("#/item/"))
    assert asked and "unsaved" in asked[0]
    expect(page.locator(".cm-content")).to_contain_text(name + "（已修改）")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".save-status")).to_have_text("Saved.", timeout=10_000)
    expect(page.locator(".unsaved")).to_be_hidden()
    after = (folder / path).read_text(encoding="utf-8")
    assert name + "（已修改）" in after.splitlines()
    assert after.replace("（已修改）", "", 1) == before


def test_a_file_changed_on_disk_is_not_overwritten(page: Page, server: str, folder: Path) -> None:
    path = "kunming/travel-agency-licence.yaml"
    open_item(page, server, path)
    changed = (folder / path).read_text(encoding="utf-8") + "# changed by someone else\n"
    (folder / path).write_text(changed, encoding="utf-8")
    retype_line(page, "name:", "name: 我的修改")
    page.get_by_role("button", name="Save", exact=True).click()
    banner = page.locator(".banner")
    expect(banner).to_be_visible(timeout=10_000)
    expect(banner).to_contain_text("The file changed on disk since you opened it")
    expect(banner.get_by_role("button", name="Reload from disk")).to_be_visible()
    assert (folder / path).read_text(encoding="utf-8") == changed  # the other change is kept
    expect(page.locator(".cm-content")).to_contain_text("name: 我的修改")  # and so is the user's text
    expect(page.locator(".unsaved")).to_be_visible()

    page.on("dialog", lambda dialog: dialog.accept())
    banner.get_by_role("button", name="Save my text anyway").click()
    expect(page.locator(".save-status")).to_have_text("Saved.", timeout=10_000)
    saved = (folder / path).read_text(encoding="utf-8")
    assert "name: 我的修改" in saved.splitlines() and "# changed by someone else" not in saved  # replaced, as asked


def test_the_chinese_interface(page: Page, server: str) -> None:
    page.goto(server + "?lang=zh")
    expect(page.locator("table.catalogue tbody tr").first).to_be_visible(timeout=30_000)
    expect(page.locator("nav")).to_contain_text("事项目录")
    expect(page.locator("table.catalogue thead")).to_contain_text("法定时限工作日")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    shot(page, "catalogue-zh")
    page.get_by_role("button", name="English").click()
    expect(page.locator("nav")).to_contain_text("Catalogue", timeout=10_000)
    open_item(page, server, lang="zh")
    expect(page.get_by_role("button", name="保存", exact=True)).to_be_visible()
    expect(page.get_by_role("tab", name="流程图", exact=True)).to_have_attribute("aria-selected", "true")
    shot(page, "item-zh")


def test_the_token_is_taken_from_the_address_and_sent(browser: Browser, tmp_path: Path) -> None:
    small = tmp_path / "small" / "kunming"
    small.mkdir(parents=True)
    for name in ("food-business-licence.yaml", "internet-cafe-licence.yaml"):
        shutil.copy(ROOT / "processes/kunming" / name, small / name)
    with serving(small.parent, "--token", "s3cret-token") as url:
        context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="en-GB")
        page = context.new_page()
        page.goto(url + "?lang=en")  # no token: the server's refusal is shown, not a blank page
        expect(page.locator(".banner")).to_contain_text("token", timeout=10_000)
        page.goto(url + "?token=s3cret-token&lang=en#/")
        expect(page.locator("table.catalogue tbody tr")).to_have_count(2, timeout=20_000)
        assert "token" not in page.url  # taken out of the address bar, kept for the tab
        page.locator("table.catalogue a", has_text="食品经营许可").click()  # GET, POST /check and /render
        expect(page.locator("#diagram svg")).to_be_visible(timeout=20_000)
        context.close()


def test_errors_are_shown_not_a_blank_page(page: Page, server: str) -> None:
    page.goto(server + "?lang=en#/item/kunming/no-such-file.yaml")
    expect(page.locator(".banner")).to_be_visible(timeout=10_000)
    expect(page.locator(".banner strong")).not_to_be_empty()
    expect(page.locator("#editor")).to_contain_text("The file could not be opened.")
    page.goto(server + "?lang=en#/item/..%2F..%2Fetc%2Fpasswd")
    expect(page.locator(".banner")).to_be_visible(timeout=10_000)
    expect(page.locator(".cm-content")).to_have_count(0)
    page.goto(server + f"?lang=en#/centre/{ITEM}")
    expect(page.locator("main")).to_contain_text("This file is not a service centre file.", timeout=10_000)
    page.goto(server + "?lang=en#/nowhere")
    expect(page.locator("h1")).to_have_text("No such page")
