"""The endpoints of the workbench's API on small inputs, and their problems for bad ones."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from approvalnet import i18n
from approvalnet.server.app import Limits

from .conftest import ITEM, KUNMING, client
from .test_files import problem

FOOD = (KUNMING / "food-business-licence.yaml").read_text(encoding="utf-8")
LOG = ("case,activity,timestamp\nc1,serve,2026-03-02 09:00:00\nc2,serve,2026-03-02 10:00:00\n"
       "c2,review,2026-03-02 11:00:00\n")


def test_health_and_version(api) -> None:
    body = api.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["version"]


def test_openapi_lists_the_endpoints(api) -> None:
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert api.get("/openapi.json").json()["paths"] == paths  # also where tools look first
    for path in ("/api/v1/health", "/api/v1/files", "/api/v1/files/{path}", "/api/v1/schema", "/api/v1/validate",
                 "/api/v1/check", "/api/v1/render", "/api/v1/simulate", "/api/v1/staff", "/api/v1/conform",
                 "/api/v1/compare", "/api/v1/jobs", "/api/v1/jobs/{job_id}"):
        assert path in paths, path
    assert {"get", "put"} <= set(paths["/api/v1/files/{path}"])
    assert {"get", "delete"} <= set(paths["/api/v1/jobs/{job_id}"])


def test_schema_is_the_languages(api) -> None:
    from approvalnet.language.schema import process_schema

    assert api.get("/api/v1/schema").json() == process_schema()


def test_validate_places_a_yaml_error(api) -> None:
    body = api.post("/api/v1/validate", json={"text": "code: T\nsteps: [1,\n  2\n"}).json()
    assert body["valid"] is False
    first = body["findings"][0]
    assert first["level"] == "error" and first["rule"] is None and first["code"] == "syntax"
    assert first["line"] >= 2 and first["column"] >= 1 and first["message"]
    assert api.post("/api/v1/validate", json={"text": ITEM}).json() == {"valid": True, "findings": []}


def test_validate_with_a_schema_error_at_its_line(api) -> None:
    body = api.post("/api/v1/validate", json={"text": ITEM.replace("handling: commitment", "handling: sometimes"),
                                              "path": "item.yaml"}).json()
    assert not body["valid"]
    (found,) = [f for f in body["findings"] if f["level"] == "error"]
    assert found["line"] == 5 and found["file"] == "item.yaml"


def test_messages_in_the_requests_language(api) -> None:
    text = {"text": "steps: [1,\n"}
    english = api.post("/api/v1/validate", json=text).json()["findings"][0]["message"]
    chinese = api.post("/api/v1/validate?lang=zh", json=text).json()["findings"][0]["message"]
    accept = api.post("/api/v1/validate", json=text, headers={"Accept-Language": "zh-CN,zh;q=0.9"}).json()
    assert english.startswith("YAML syntax error") and "语法" in chinese
    assert accept["findings"][0]["message"] == chinese
    assert "语法" not in api.post("/api/v1/validate?lang=en", json=text,
                                 headers={"Accept-Language": "zh"}).json()["findings"][0]["message"]
    assert problem(api.get("/api/v1/files/missing.yaml?lang=zh"), 404, "not-found")["title"] != "Not found"


def test_the_language_of_one_request_does_not_leak_into_another() -> None:
    seen: dict[str, str] = {}

    def ask(code: str) -> None:
        with i18n.in_language(code):
            time.sleep(0.05)
            seen[code] = i18n._("file is empty: it holds no YAML document")

    threads = [threading.Thread(target=ask, args=(code,)) for code in ("zh", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["en"] == "file is empty: it holds no YAML document" and seen["zh"] != seen["en"]
    assert i18n.get_language() == i18n.language_from_env() or i18n.asked_for()


def test_check_findings_soundness_and_summary(api) -> None:
    body = api.post("/api/v1/check", json={"text": FOOD, "path": "food.yaml"}).json()
    assert body["valid"] is True and body["sound"] is True
    assert body["summary"] == {"error": 0, "warning": 0, "info": 0} or set(body["summary"]) == {"error", "warning",
                                                                                                  "info"}
    # a step nobody reaches: a rule's finding, at its line
    broken = ITEM + "  - {id: lost, name: 无人到达, lane: desk, duration: 5 min, end: approved}\n"
    body = api.post("/api/v1/check", json={"text": broken, "preset": "strict"}).json()
    assert body["valid"] is True
    rules = [f for f in body["findings"] if f["rule"]]
    assert rules and all(f["line"] >= 1 and f["column"] >= 1 for f in rules)
    assert sum(body["summary"].values()) == len(body["findings"])
    assert any(f["line"] == 11 for f in rules)
    invalid = api.post("/api/v1/check", json={"text": "code: [\n"}).json()
    assert invalid["valid"] is False and invalid["sound"] is None and invalid["findings"][0]["rule"] is None


def test_check_refuses_bad_bodies(api) -> None:
    problem(api.post("/api/v1/check", json={"path": "food.yaml"}), 400, "bad-request")
    problem(api.post("/api/v1/check", json={"text": ITEM, "preset": "lenient"}), 400, "bad-request")
    problem(api.post("/api/v1/check", content=b"{not json", headers={"content-type": "application/json"}), 400,
            "bad-request")
    problem(api.post("/api/v1/check", json={"text": ITEM, "path": "../x.yaml"}), 403, "outside-root")


def test_render_gives_svg(api) -> None:
    response = api.post("/api/v1/render", json={"text": ITEM, "view": "flow"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in response.content and "办理".encode() in response.content
    assert b"<svg" in api.post("/api/v1/render", json={"text": ITEM, "view": "net"}).content
    centre = (Path(api.app.state.root.path) / "centre.yaml").read_text(encoding="utf-8")
    assert b"<svg" in api.post("/api/v1/render", json={"text": centre, "path": "centre.yaml"}).content
    body = problem(api.post("/api/v1/render", json={"text": "code: [\n", "view": "flow"}), 422, "invalid-yaml")
    assert body["findings"]
    problem(api.post("/api/v1/render", json={"text": ITEM.replace("commitment", "x")}), 422, "bad-request")
    problem(api.post("/api/v1/render", json={"text": ITEM, "view": "pie"}), 400, "bad-request")


def test_simulate_a_process_and_a_centre(api) -> None:
    body = api.post("/api/v1/simulate", json={"path": "item.yaml", "days": 5, "seed": 1}).json()
    assert body["parameters"]["days"] == 5 and body["completed"] > 0
    assert "/" not in body["file"]  # named as the API names files, not where the folder is
    staffed = api.post("/api/v1/simulate", json={"text": ITEM, "days": 5, "set": {"lanes.desk.staff": 3}}).json()
    assert staffed["parameters"]["days"] == 5
    centre = api.post("/api/v1/simulate", json={"path": "centre.yaml", "days": 3, "set": {"volume": 1.5}})
    assert centre.status_code == 200, centre.text
    body = problem(api.post("/api/v1/simulate", json={"text": ITEM, "set": {"lanes.nowhere.staff": 2}}), 422,
                   "bad-request")
    assert "nowhere" in body["detail"]


@pytest.mark.parametrize(("given", "limit", "most"), [
    ({"days": 10_000}, "days", 1000), ({"cases": 10**7}, "cases", 100_000), ({"replications": 500}, "replications", 30),
])
def test_simulate_limits_are_named(api, given: dict, limit: str, most: int) -> None:
    body = problem(api.post("/api/v1/simulate", json={"text": ITEM, **given}), 422, "limit")
    assert body["limit"] == limit and body["max"] == most and str(most) in body["detail"]


def test_simulate_bad_numbers(api) -> None:
    problem(api.post("/api/v1/simulate", json={"text": ITEM, "days": 5, "cases": 10}), 400, "bad-request")
    problem(api.post("/api/v1/simulate", json={"text": ITEM, "days": -1}), 400, "bad-request")
    problem(api.post("/api/v1/simulate", json={"text": ITEM, "days": "many"}), 400, "bad-request")
    problem(api.post("/api/v1/simulate", json={}), 400, "bad-request")


def test_staff_sweep_and_errors(api) -> None:
    body = api.post("/api/v1/staff", json={"path": "centre.yaml", "sweep": "front=1..2", "days": 3,
                                           "replications": 2, "warmup": 0}).json()
    assert [row["staff"] for row in body["rows"]] == [1, 2]
    problem(api.post("/api/v1/staff", json={"path": "item.yaml"}), 422, "bad-request")
    problem(api.post("/api/v1/staff", json={"path": "centre.yaml", "target": {"on-time": 3}}), 422, "bad-request")
    problem(api.post("/api/v1/staff", json={"path": "centre.yaml", "days": 5000}), 422, "limit")


def test_conform_a_log(api) -> None:
    response = api.post("/api/v1/conform", data={"path": "item.yaml"},
                        files={"log": ("events.csv", LOG.encode(), "text/csv")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cases"] == 2 and body["events"] == 3 and body["log"] == "events.csv" and body["file"] == "item.yaml"
    assert "approvalnet-log" not in response.text  # the uploaded file's place is not told
    problem(api.post("/api/v1/conform", data={"path": "item.yaml"},
                     files={"log": ("events.doc", b"x", "application/msword")}), 400, "bad-request")
    problem(api.post("/api/v1/conform", data={"path": "item.yaml"},
                     files={"log": ("events.csv", b"a,b\n1,2\n", "text/csv")}), 422, "bad-request")


def test_compare_two_versions(api) -> None:
    body = api.post("/api/v1/compare", json={"before": {"path": "item.yaml"},
                                             "after": {"text": ITEM.replace("10 min", "5 min")},
                                             "simulate": False}).json()
    assert body["old"]["file"] == "item.yaml" and body["parameters"]["simulated"] is False
    assert any(row["measure"] == "steps.total" and row["old"] == row["new"] == 1 for row in body["rows"])
    problem(api.post("/api/v1/compare", json={"before": {"path": "item.yaml"}, "after": {"path": "centre.yaml"},
                                              "simulate": False}), 422, "bad-request")


def test_jobs_progress_result_and_unknown(api) -> None:
    started = api.post("/api/v1/jobs", json={"kind": "simulate", "body": {"text": ITEM, "days": 20,
                                                                        "replications": 3}})
    assert started.status_code == 202
    job_id = started.json()["id"]
    deadline = time.monotonic() + 30
    while (state := api.get(f"/api/v1/jobs/{job_id}").json())["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert state["state"] == "done" and state["progress"] == 1.0 and state["kind"] == "simulate"
    assert state["result"]["parameters"]["replications"] == 3
    problem(api.get("/api/v1/jobs/nope"), 404, "not-found")
    problem(api.delete("/api/v1/jobs/nope"), 404, "not-found")
    problem(api.post("/api/v1/jobs", json={"kind": "dance", "body": {}}), 400, "bad-request")
    problem(api.post("/api/v1/jobs", json={"kind": "simulate", "body": {"text": ITEM, "days": 10**6}}), 422, "limit")


def test_a_conform_job_with_its_upload(api) -> None:
    started = api.post("/api/v1/jobs", data={"kind": "conform", "path": "item.yaml"},
                       files={"log": ("events.csv", LOG.encode(), "text/csv")})
    assert started.status_code == 202, started.text
    job = api.app.state.jobs.get(started.json()["id"])
    assert job.finished.wait(30) and job.state == "done", job.error


def test_cancel_a_running_job(api) -> None:
    jobs = api.app.state.jobs
    job = jobs.submit("sleep", {"seconds": 20})
    deadline = time.monotonic() + 20
    while job.progress is None:  # running, and reporting
        assert time.monotonic() < deadline
        time.sleep(0.05)
    cancelled = api.delete(f"/api/v1/jobs/{job.id}").json()
    assert cancelled == {"id": job.id, "state": "cancelled"}
    state = api.get(f"/api/v1/jobs/{job.id}").json()
    assert state["state"] == "cancelled" and state["error"]["code"] == "cancelled"
    assert 0 < state["progress"] < 1


def test_a_run_over_the_time_limit(folder: Path) -> None:
    with client(folder, limits=Limits(timeout=1.0, workers=1)) as api:
        jobs = api.app.state.jobs
        job = jobs.submit("sleep", {"seconds": 10})
        queued = jobs.submit("sleep", {"seconds": 10})
        assert api.get(f"/api/v1/jobs/{queued.id}").json()["state"] == "queued"  # one worker: it waits
        assert api.delete(f"/api/v1/jobs/{queued.id}").json()["state"] == "cancelled"
        assert job.finished.wait(10)
        state = api.get(f"/api/v1/jobs/{job.id}").json()
        assert state["state"] == "failed" and state["error"]["code"] == "timeout" and state["error"]["status"] == 504
        # an endpoint that answers at once says so too
        long = api.post("/api/v1/simulate", json={"text": ITEM, "cases": 100_000, "replications": 30})  # minutes
        problem(long, 504, "timeout")


def test_token_required_off_the_loopback(folder: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        client(folder, host="0.0.0.0")
    with client(folder, host="0.0.0.0", token="s3cret") as api:
        assert api.get("/api/v1/health").status_code == 200  # no token needed
        problem(api.get("/api/v1/files"), 401, "unauthorized")
        assert api.get("/api/v1/files").headers["www-authenticate"] == "Bearer"
        problem(api.get("/api/v1/files", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
        problem(api.get("/api/v1/files?token=s3cre"), 401, "unauthorized")
        assert api.get("/api/v1/files", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert api.get("/api/v1/files?token=s3cret").status_code == 200
        problem(api.post("/api/v1/validate?token=s3cret", json={"text": ITEM}), 401, "unauthorized")
        assert api.post("/api/v1/validate", json={"text": ITEM},
                        headers={"Authorization": "Bearer s3cret"}).status_code == 200
        problem(api.get("/api/v1/openapi.json"), 401, "unauthorized")
        assert api.get("/").status_code == 200  # the page itself holds nothing: it reads the token


def test_host_and_origin_are_checked(api) -> None:
    problem(api.get("/api/v1/files", headers={"Host": "evil.example:8765"}), 403, "forbidden-origin")
    assert api.get("/api/v1/health", headers={"Host": "localhost:8765"}).status_code == 200
    problem(api.post("/api/v1/validate", json={"text": ITEM}, headers={"Origin": "http://evil.example"}), 403,
            "forbidden-origin")
    problem(api.put("/api/v1/files/item.yaml", json={"text": ITEM, "etag": None},
                    headers={"Origin": "null"}), 403, "forbidden-origin")
    problem(api.post("/api/v1/validate", json={"text": ITEM}, headers={"Sec-Fetch-Site": "cross-site"}), 403,
            "forbidden-origin")
    same = api.post("/api/v1/validate", json={"text": ITEM}, headers={"Origin": "http://127.0.0.1:8765"})
    assert same.status_code == 200
    assert api.get("/api/v1/files", headers={"Origin": "http://evil.example"}).status_code == 200  # reads: CORS


def test_an_internal_error_is_a_problem_without_traceback(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    with client(folder, raise_server_exceptions=False) as api:
        def broken(*args: object) -> None:
            raise RuntimeError("secret detail")

        api.app.state.analyser.check_text = broken
        body = problem(api.post("/api/v1/check", json={"text": ITEM}), 500, "internal")
        assert "secret detail" not in str(body)
    assert "secret detail" in caplog.text  # logged on the server's side


def test_unknown_endpoints_and_methods(api) -> None:
    problem(api.get("/api/v1/nothing"), 404, "not-found")
    problem(api.delete("/api/v1/files"), 405, "bad-request")


def test_the_page_and_static_files(api) -> None:
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"
    assert api.get("/static/index.html").headers["content-type"].startswith("text/html")
    assert api.get("/static/nothing.js").status_code == 404


def test_validate_and_check_on_the_pool_give_the_same_answers(folder: Path) -> None:
    with client(folder, limits=Limits(check_workers=1), warm=True) as api:
        deadline = time.monotonic() + 60
        while not api.get("/api/v1/health").json()["ready"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        pool = api.app.state.pool
        here = api.app.state.analyser
        broken = ITEM + "  - {id: lost, name: 无人到达, lane: desk, duration: 5 min, end: approved}\n"
        with i18n.in_language("zh"):
            assert api.post("/api/v1/check?lang=zh", json={"text": broken}).json() == here.check_text(broken, None)
        assert api.post("/api/v1/validate", json={"text": "steps: [1,\n"}).json()["findings"][0]["code"] == "syntax"
        problem(api.post("/api/v1/check", json={"text": ITEM, "path": "../x.yaml"}), 403, "outside-root")
        assert pool.ready
