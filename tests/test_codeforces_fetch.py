"""`fetch_contest` against saved API answers served by a fake opener (no network)."""
from __future__ import annotations

import io
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from ioi_agent.codeforces import standings
from ioi_agent.codeforces.fetch import FetchError, api_url, decode_response, fetch_contest

DATA = Path(__file__).resolve().parent / "data" / "codeforces"


class FakeApi:
    """Serves saved answers by API method, remembering the URLs asked for."""

    def __init__(self, answers: dict[str, bytes | Exception]):
        self.answers = answers
        self.urls: list[str] = []

    def __call__(self, url: str, timeout: float):
        self.urls.append(url)
        method = urllib.parse.urlparse(url).path.rsplit("/", 1)[-1]
        answer = self.answers[method]
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(answer)


def saved_api() -> FakeApi:
    return FakeApi(
        {
            "contest.standings": (DATA / "contest-9999-standings.json").read_bytes(),
            "contest.ratingChanges": (DATA / "contest-9999-ratingChanges.json").read_bytes(),
        }
    )


def test_fetch_saves_raw_answers_that_load_back(tmp_path):
    api = saved_api()
    saved = fetch_contest(9999, tmp_path / "out", urlopen=api, pause_s=0)
    assert saved.standings.read_bytes() == api.answers["contest.standings"]
    assert saved.rating_changes.read_bytes() == api.answers["contest.ratingChanges"]
    assert api.urls == [
        "https://codeforces.com/api/contest.standings?contestId=9999&showUnofficial=false",
        "https://codeforces.com/api/contest.ratingChanges?contestId=9999",
    ]
    contest = standings.load(saved.standings)  # finds the ratingChanges next to it
    assert contest.format == "standings" and len(contest.rows) == 12


def test_failed_status_raises_with_the_api_comment(tmp_path):
    failed = (DATA / "failed.json").read_bytes()
    api = saved_api()
    api.answers["contest.standings"] = failed
    with pytest.raises(FetchError, match="contest.standings: the API answered FAILED: contestId: Contest"):
        fetch_contest(123456789, tmp_path, urlopen=api, pause_s=0)
    assert not list(tmp_path.iterdir())  # nothing half-saved


def test_http_400_body_is_read_for_the_comment(tmp_path):
    api = saved_api()
    body = io.BytesIO((DATA / "failed.json").read_bytes())
    api.answers["contest.ratingChanges"] = urllib.error.HTTPError("u", 400, "Bad Request", {}, body)
    with pytest.raises(FetchError, match="contest.ratingChanges: the API answered FAILED"):
        fetch_contest(123456789, tmp_path, urlopen=api, pause_s=0)
    assert not list(tmp_path.iterdir())


def test_unreachable_and_garbled_answers(tmp_path):
    api = saved_api()
    api.answers["contest.standings"] = urllib.error.URLError("no route to host")
    with pytest.raises(FetchError, match="cannot reach"):
        fetch_contest(1, tmp_path, urlopen=api, pause_s=0)
    api.answers["contest.standings"] = b"<html>down for maintenance</html>"
    with pytest.raises(FetchError, match="did not answer JSON"):
        fetch_contest(1, tmp_path, urlopen=api, pause_s=0)


def test_decode_response():
    assert decode_response(b'{"status": "OK", "result": [1]}', "m") == [1]
    for body, message in [(b"[1]", "not an API envelope"), (b'{"status": "OK"}', "no result")]:
        with pytest.raises(FetchError, match=message):
            decode_response(body, "m")
    url = api_url("contest.ratingChanges", contestId=5)
    assert url == "https://codeforces.com/api/contest.ratingChanges?contestId=5"
