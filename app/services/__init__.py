"""Use cases: one function each, keyword-only arguments, an explicit actor, one commit."""
