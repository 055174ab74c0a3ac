"""Doctest collection: skip the optional front ends whose framework is not installed."""

import importlib.util

collect_ignore = [
    name
    for name, module in (("torch_module.py", "torch"), ("jax_function.py", "jax"))
    if importlib.util.find_spec(module) is None
]
