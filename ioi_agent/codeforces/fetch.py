"""Save a contest's standings and rating changes from the public Codeforces API.

The raw API answers are written unchanged (`contest-<id>-standings.json`, `contest-<id>-ratingChanges.json`)
so that `standings.load` reads them later without the network, and so that a saved file is exactly
what the API said. An answer whose `status` is not `OK` (the API then explains itself in `comment`,
usually with HTTP 400) becomes a `FetchError` carrying that comment.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

API_ROOT = "https://codeforces.com/api/"
#: The API allows one call per two seconds per client.
API_PAUSE_S = 2.0


class FetchError(RuntimeError):
    """The API could not be reached or refused the request."""


@dataclass(frozen=True)
class SavedContest:
    standings: Path
    rating_changes: Path


def api_url(method: str, **params: Any) -> str:
    return f"{API_ROOT}{method}?{urllib.parse.urlencode(params)}"


def decode_response(body: bytes, method: str) -> Any:
    """The `result` of an API answer; `FetchError` when it is not JSON or its status is not OK."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{method}: the API did not answer JSON ({exc})") from exc
    if not isinstance(data, dict) or "status" not in data:
        raise FetchError(f"{method}: the answer is not an API envelope")
    if data["status"] != "OK":
        raise FetchError(f"{method}: the API answered {data['status']}: {data.get('comment', 'no comment')}")
    if "result" not in data:
        raise FetchError(f"{method}: the answer has no result")
    return data["result"]


def _call(method: str, params: dict, urlopen: Callable, timeout: float) -> bytes:
    url = api_url(method, **params)
    try:
        with urlopen(url, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:  # FAILED answers come with HTTP 400 and a JSON body
        body = exc.read()
        decode_response(body, method)  # raises with the API's comment when there is one
        raise FetchError(f"{method}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"{method}: cannot reach {API_ROOT} ({exc})") from exc
    decode_response(body, method)
    return body


def fetch_contest(
    contest_id: int,
    out_dir: Path | str,
    *,
    urlopen: Callable = urllib.request.urlopen,
    pause_s: float = API_PAUSE_S,
    timeout_s: float = 60.0,
) -> SavedContest:
    """Download a finished contest's official standings and rating changes into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    standings = _call(
        "contest.standings", {"contestId": contest_id, "showUnofficial": "false"}, urlopen, timeout_s
    )
    time.sleep(pause_s)
    changes = _call("contest.ratingChanges", {"contestId": contest_id}, urlopen, timeout_s)
    saved = SavedContest(
        standings=out / f"contest-{contest_id}-standings.json",
        rating_changes=out / f"contest-{contest_id}-ratingChanges.json",
    )
    saved.standings.write_bytes(standings)
    saved.rating_changes.write_bytes(changes)
    return saved
