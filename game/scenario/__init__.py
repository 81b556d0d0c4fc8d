"""The scenario wing: what defines a run. The TOML format and its strict validation, the
shipped and saved scenarios, translations of a scenario's text, and share codes."""
