"""`python -m ioi_agent.cli`: the same as the `ioi-agent` script."""
from ioi_agent.cli import main

main()
