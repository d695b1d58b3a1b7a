"""CMS checkers (and IOI 2024's testlib): `checker input answer output`, score on stdout."""
from __future__ import annotations

from judge.checkers.base import CheckerOutcome, CheckerRun, crashed, read_checker_output


class CmsProtocol:
    name = "cms"
    output_on_stdin = False
    feedback_dir = False

    def argv(self, flags):
        return ["/checker", "/input", "/answer", "/output", *flags]

    def outcome(self, run: CheckerRun) -> CheckerOutcome:
        return crashed(run) or read_checker_output(run.stdout, run.stderr)


PROTOCOL = CmsProtocol()
