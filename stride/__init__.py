"""The command line (`stride run|demo|plan|paces|simulate`) and the process set-up around
the Telegram adapter: configuration from the environment, logging, migrations."""
