"""The package's import structure: no import circle, and imports only go down the layers.

Every import statement counts, wherever it stands: at the top, inside a function, or under
``TYPE_CHECKING``. A deferred import only hides a circle from the interpreter, not from a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import textfix

PACKAGE = Path(textfix.__file__).resolve().parent

#: The layers from the bottom up; a module may import from its own layer and those below.
LAYERS = ("cache", "text", "glossary", "model", "engine", "catalog", "learn", "run",
          "review", "textfix", "dask", "testing", "cli", "__main__")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = f
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, by any import statement in it."""
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            head = node.module or ""
            if node.level:
                up = base[: len(base) - node.level + 1]
                head = ".".join([*up, *([node.module] if node.module else [])])
            subs = [f"{head}.{a.name}" for a in node.names]
            # `from pkg import module` reads the module; any other name is read from pkg
            targets = [s for s in subs if s in known]
            targets += [head] if len(targets) < len(subs) else []
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_circles_are_found() -> None:
    """The check itself: a deferred import back up closes a circle."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_layer() -> None:
    assert sorted({layer(m) for m in modules()} - set(LAYERS)) == []


def test_imports_only_go_down() -> None:
    rank = {name: k for k, name in enumerate(LAYERS)}
    upward = sorted(f"{m} imports {t}" for m, targets in graph().items() for t in targets
                    if rank[layer(t)] > rank[layer(m)])
    assert upward == []


def test_leaf_modules_import_nothing_from_the_package() -> None:
    edges = graph()
    leaves = ["textfix.cache", "textfix.text.inflect", "textfix.text.tokenize",
              "textfix.text.article", "textfix.glossary.model", "textfix.engine.prefilter",
              "textfix.engine.edit", "textfix.run.io",
              "textfix.run.pdf", "textfix.review.decisions"]
    assert {m: sorted(edges[m]) for m in leaves if edges[m]} == {}


def test_the_command_line_is_a_client() -> None:
    """The CLI uses the public API, the catalog, learn/ and run/: no engine, glossary or text."""
    inner = ("text", "glossary", "model", "engine")
    reach = sorted(f"{m} imports {t}" for m, targets in graph().items() if layer(m) == "cli"
                   for t in targets if layer(t) in inner)
    assert reach == []
