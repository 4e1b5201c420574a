"""workflow/ stays pure: standard library and workflow itself, nothing else."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import workflow

MODULES = sorted(Path(workflow.__file__).parent.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_only_the_standard_library(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
    names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0]
    foreign = [n for n in names
               if n.split(".")[0] not in sys.stdlib_module_names | {"workflow", "__future__"}]
    assert foreign == []
