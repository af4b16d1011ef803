# Registers the netlab harness (implementation selection, sandbox, guards,
# scoring). See harness/API.md.
pytest_plugins = ["harness.plugin"]
