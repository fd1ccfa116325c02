"""PURE: the progress store (atomic, locked, versioned), HR reports, xAPI statements and sync."""
