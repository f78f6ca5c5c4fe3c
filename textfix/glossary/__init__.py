"""The glossary data model, its TOML parser with structural checks, and the channel model."""
