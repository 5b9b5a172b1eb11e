"""The fault suite: the bot against its own Redis, its own PostgreSQL cluster and a
Bot API stand-in that injects faults, so a test can restart, stop or flush them
without touching the machine's shared services."""
