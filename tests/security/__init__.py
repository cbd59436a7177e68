"""Issue 14: one test per finding of the security probe (each failed before its fix)."""
