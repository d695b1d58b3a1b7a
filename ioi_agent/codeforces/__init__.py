"""Codeforces-rated practice: contest scoring rules, the official rating update, real standings.

`rating` holds the math (rating update, performance, percentile, placing a new result), `standings`
reads contest results, `rules` scores submission histories, `fetch` saves results from the API;
the `ioi-agent codeforces` command group is `ioi_agent.cli.codeforces`.
"""
