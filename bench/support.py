"""What the benches borrow from the tests' support package, loaded by path.

garmin-fit-sdk installs a top-level ``tests`` package of its own, which wins over this
repository's (a namespace package) outside pytest; so each module is loaded from its file.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def support_module(name: str) -> ModuleType:
    """``tests/support/<name>.py``, loaded by path (once per process)."""
    key = f"stride_bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, ROOT / "tests" / "support" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module
