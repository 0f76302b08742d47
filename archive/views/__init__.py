"""Public, read-only pages of the archive."""
