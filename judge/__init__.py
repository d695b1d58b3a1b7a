"""IOI/CMS-compatible judge, usable as a library on its own.

Entry points: `judge.loaders.load_task` turns a package into a `Task`, `judge.judging.judge_submission`
judges a source against it and returns a `SubmissionResult`.
"""
