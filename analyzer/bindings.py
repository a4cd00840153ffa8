"""What a piece of code may bind or change, read from its text (without running it)."""

from __future__ import annotations

import libcst as cst

CHANGE_METHODS = frozenset({"add", "pop", "build"})


class Bindings(cst.CSTVisitor):
    """The names a piece of code binds in its own scope (assignments, loop targets, imports,
    definitions...), those its functions declare ``global``, and whether it changes models."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.globals: set[str] = set()
        self.attributes: list[cst.Attribute] = []
        self.called: set[str] = set()
        self.referenced: set[str] = set()
        self.changes_models = False

    def target(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self.target(element.value)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value)
        elif isinstance(node, cst.Attribute):
            self.attributes.append(node)
            if node.attr.value == "trainable":
                self.changes_models = True

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.target(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.target(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.target(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self.target(node.name.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self.target(node.target)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if alias.asname is not None:
                self.target(alias.asname.name)
            else:
                self.names.add(cst.Module([]).code_for_node(alias.name).split(".")[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            bound = alias.asname.name if alias.asname is not None else alias.name
            if isinstance(bound, cst.Name):
                self.names.add(bound.value)

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self.names.add(node.name.value)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self.names.add(node.name.value)

    def visit_Global(self, node: cst.Global) -> None:
        self.globals.update(item.name.value for item in node.names)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.names.add(node.name.value)
        inner = Bindings()
        node.body.visit(inner)  # its own names are its own; its globals and changes are the file's
        self.globals |= inner.globals
        self.called |= inner.called
        self.changes_models = self.changes_models or inner.changes_models
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.names.add(node.name.value)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.referenced.add(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in CHANGE_METHODS:
            self.changes_models = True
        elif isinstance(func, cst.Name):
            self.called.add(func.value)
