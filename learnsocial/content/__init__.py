"""PURE: the course as YAML files -> a typed model with source positions, and its validation."""
