"""The rules of a business trip: pure Python, standard library only."""
