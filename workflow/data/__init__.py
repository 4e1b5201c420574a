"""Data files of the rules (rates, fares, regions); a package so that the JSON ships with the wheel."""
