"""The catalogue, reading and saving files: paths kept inside ROOT, ETags, stale writes refused."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from .conftest import ITEM, client


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def test_the_catalogue_lists_every_shipped_file(shipped) -> None:
    body = shipped.get("/api/v1/files").json()
    assert body["root"] == "processes"
    files = body["files"]
    assert len(files) == 148
    by_path = {f["path"]: f for f in files}
    centre = by_path["kunming/centre.yaml"]
    assert centre["kind"] == "centre" and centre["valid"] and centre["sound"] is None
    food = by_path["kunming/food-business-licence.yaml"]
    assert food["kind"] == "process" and food["valid"] and food["sound"] is True
    assert food["code"] == "KM-SCJG-0001" and food["department"] and food["type"] == "administrative-licensing"
    assert isinstance(food["statutory_days"], float) and isinstance(food["promised_days"], float)
    assert set(food["findings"]) == {"error", "warning", "info"}
    assert all(not f["path"].startswith("/") for f in files)


def test_the_catalogue_is_cached_and_follows_changes(api, folder: Path) -> None:
    first = {f["path"]: f for f in api.get("/api/v1/files").json()["files"]}
    assert set(first) == {"food.yaml", "item.yaml", "centre.yaml"}
    assert first["item.yaml"]["valid"] and first["centre.yaml"]["kind"] == "centre"
    (folder / "item.yaml").write_text("code: [\n", encoding="utf-8")
    os.utime(folder / "item.yaml", ns=(1, 1))  # another mtime even on a coarse clock
    again = {f["path"]: f for f in api.get("/api/v1/files").json()["files"]}
    assert again["item.yaml"]["valid"] is False and again["item.yaml"]["problems"] >= 1
    assert again["centre.yaml"]["valid"] is False  # its item broke
    assert again["food.yaml"] is not first["food.yaml"] or again["food.yaml"] == first["food.yaml"]


def test_read_gives_text_and_etag(api, folder: Path) -> None:
    response = api.get("/api/v1/files/item.yaml")
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == ITEM and body["path"] == "item.yaml"
    assert body["etag"] == hashlib.sha256(ITEM.encode()).hexdigest()
    assert response.headers["etag"] == f'"{body["etag"]}"'


@pytest.mark.parametrize(("path", "status", "code"), [
    ("missing.yaml", 404, "not-found"),
    ("sub/missing.yaml", 404, "not-found"),
    ("%2E%2E/secret.yaml", 403, "outside-root"),
    ("sub/%2E%2E/%2E%2E/secret.yaml", 403, "outside-root"),
    ("%2Fetc%2Fpasswd.yaml", 403, "outside-root"),
    ("notes.txt", 400, "bad-request"),
])
def test_reads_outside_root_or_of_nothing_are_refused(api, folder: Path, path: str, status: int, code: str) -> None:
    (folder.parent / "secret.yaml").write_text("secret: 1\n", encoding="utf-8")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    body = problem(api.get(f"/api/v1/files/{path}"), status, code)
    assert "secret: 1" not in str(body)


def test_a_symbolic_link_leaving_root_is_refused(api, folder: Path) -> None:
    secret = folder.parent / "secret.yaml"
    secret.write_text("secret: 1\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(secret)
    (folder / "out").symlink_to(folder.parent, target_is_directory=True)
    problem(api.get("/api/v1/files/link.yaml"), 403, "outside-root")
    problem(api.get("/api/v1/files/out/secret.yaml"), 403, "outside-root")
    problem(api.put("/api/v1/files/link.yaml", json={"text": "a: 1\n", "etag": None}), 403, "outside-root")
    assert secret.read_text(encoding="utf-8") == "secret: 1\n"
    # the catalogue does not follow the link out either
    paths = {f["path"] for f in api.get("/api/v1/files").json()["files"]}
    assert "link.yaml" not in paths and not any("secret" in p for p in paths)


def test_configurations_are_read_inside_root_only(api, folder: Path) -> None:
    (folder.parent / ".approvalnet.yaml").write_text("rules: [not, a, mapping\n", encoding="utf-8")
    assert api.post("/api/v1/check", json={"text": ITEM, "path": "item.yaml"}).status_code == 200
    assert api.get("/api/v1/files").status_code == 200
    (folder / "sub" / ".approvalnet.yaml").write_text("rules: {no/such-rule: error}\n", encoding="utf-8")
    body = problem(api.post("/api/v1/check", json={"text": ITEM, "path": "sub/item.yaml"}), 422, "bad-request")
    assert "sub/.approvalnet.yaml" in body["detail"] and body["findings"][0]["file"] == "sub/.approvalnet.yaml"
    (folder / "sub" / "item.yaml").write_text(ITEM, encoding="utf-8")
    entries = {f["path"]: f for f in api.get("/api/v1/files").json()["files"]}
    assert entries["sub/item.yaml"]["valid"] is False and entries["sub/item.yaml"]["problems"] == 1
    assert entries["item.yaml"]["valid"] is True


def test_save_create_replace_and_stale(api, folder: Path) -> None:
    created = api.put("/api/v1/files/sub/new.yaml", json={"text": ITEM, "etag": None})
    assert created.status_code == 200, created.text
    etag = created.json()["etag"]
    assert (folder / "sub/new.yaml").read_text(encoding="utf-8") == ITEM
    # creating again: the file exists
    body = problem(api.put("/api/v1/files/sub/new.yaml", json={"text": ITEM, "etag": None}), 409, "stale-write")
    assert "sub/new.yaml" in body["detail"]
    changed = ITEM.replace("测试事项", "改过的事项")
    replaced = api.put("/api/v1/files/sub/new.yaml", json={"text": changed, "etag": etag})
    assert replaced.status_code == 200
    # someone else edits it on disk: the old etag is stale now
    (folder / "sub/new.yaml").write_text(ITEM + "# edited elsewhere\n", encoding="utf-8")
    body = problem(api.put("/api/v1/files/sub/new.yaml", json={"text": changed, "etag": replaced.json()["etag"]}),
                   409, "stale-write")
    assert "sub/new.yaml" in body["detail"] and body["etag"] == hashlib.sha256(
        (ITEM + "# edited elsewhere\n").encode()).hexdigest()
    assert (folder / "sub/new.yaml").read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    assert not [p for p in (folder / "sub").iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_save_refuses_invalid_yaml_but_keeps_unfinished_work(api, folder: Path) -> None:
    etag = api.get("/api/v1/files/item.yaml").json()["etag"]
    body = problem(api.put("/api/v1/files/item.yaml", json={"text": "code: [1,\n", "etag": etag}), 422,
                   "invalid-yaml")
    assert body["findings"][0]["line"] >= 1 and body["findings"][0]["column"] >= 1
    assert (folder / "item.yaml").read_text(encoding="utf-8") == ITEM
    # valid YAML that is not (yet) a valid process is saved: work in progress
    saved = api.put("/api/v1/files/item.yaml", json={"text": "code: T-1\nname: 未完成\n", "etag": etag})
    assert saved.status_code == 200
    assert (folder / "item.yaml").read_text(encoding="utf-8") == "code: T-1\nname: 未完成\n"


@pytest.mark.parametrize("path", ["%2E%2E/evil.yaml", "%2Ftmp%2Fevil.yaml", "sub/%2E%2E/%2E%2E/evil.yaml"])
def test_save_outside_root_is_refused(api, folder: Path, path: str) -> None:
    problem(api.put(f"/api/v1/files/{path}", json={"text": "a: 1\n", "etag": None}), 403, "outside-root")
    assert not (folder.parent / "evil.yaml").exists()


def test_a_body_over_the_limit_is_refused(folder: Path) -> None:
    from approvalnet.server.app import Limits

    with client(folder, limits=Limits(json_bytes=2000)) as small:
        big = "# " + "x" * 3000 + "\n" + ITEM
        body = problem(small.put("/api/v1/files/item.yaml", json={"text": big, "etag": None}), 413, "too-large")
        assert body["max"] == 2000
        problem(small.post("/api/v1/validate", json={"text": big}), 413, "too-large")
        # a body sent in chunks, without a length, is counted as it comes
        chunks = iter([b'{"text": "', b"x" * 1500, b"x" * 1500, b'"}'])
        problem(small.post("/api/v1/validate", content=chunks, headers={"content-type": "application/json"}),
                413, "too-large")
        assert small.post("/api/v1/validate", json={"text": ITEM}).status_code == 200
    assert (folder / "item.yaml").read_text(encoding="utf-8") == ITEM
