"""Platform plumbing shared by every app: settings helpers, jobs, registries."""
