"""The agent: samplers, prompts, the run store, test generation, clustering, scoring and selection."""
