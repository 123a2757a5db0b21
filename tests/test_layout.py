"""The house in stage order: ``ls briefer/`` reads as the pipeline, and the code keeps to it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefer"
#: Stages in the order data flows; a stage may import only itself and earlier stages.
STAGES = (
    "errors", "model", "config", "text", "ingest", "topics", "rank", "compose", "pipeline",
    "render", "deliver", "cli",
)  # fmt: skip


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "briefer" or name.startswith("briefer.")}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_package_top_holds_at_most_14_entries() -> None:
    entries = [p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 14, sorted(entries)


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long


def test_no_stage_imports_a_later_one() -> None:
    later = [
        f"{module} -> {imported}"
        for module, path in _modules().items()
        for imported in _imports(path, top_level_only=False)
        if _stage(module) in STAGES
        and _stage(imported) in STAGES
        and STAGES.index(_stage(imported)) > STAGES.index(_stage(module))
    ]
    assert not later


def test_there_is_no_import_cycle() -> None:
    modules = _modules()
    graph = {
        m: {i for i in _imports(p, top_level_only=True) if i in modules} for m, p in modules.items()
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for imported in graph[module]:
            visit(imported, (*path, module))
        done.add(module)

    for module in graph:
        visit(module, ())


def test_click_is_imported_only_by_the_cli() -> None:
    users = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if "click" in names and _stage(module) != "cli":
            users.append(module)
    assert not users


def test_the_pipeline_is_a_table_of_contents() -> None:
    source = (PACKAGE / "pipeline" / "__init__.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 80
    functions = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in functions] == ["build_brief"]
