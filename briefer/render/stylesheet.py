"""CSS syntax errors in a template folder's stylesheet, each with its file and line.

Browsers and WeasyPrint skip what they cannot parse without a word, so a missing
brace silently drops every rule after it: the brief just looks wrong.
``briefer templates check`` parses ``style.css`` with tinycss2 (WeasyPrint's own CSS
parser) and reports the parse errors it finds: a declaration without a colon or a
value, an unmatched ``}``, a block never closed, a bad at-rule. It judges syntax, not
properties: WeasyPrint and browsers know different properties, and both are right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import tinycss2
import tinycss2.ast

#: At-rules whose block holds rules (the others, such as @page, hold declarations).
_RULE_LIST_AT_RULES = {"media", "supports", "layer", "container", "document", "scope"}
_CLOSERS = {"}", ")", "]"}


def css_syntax_errors(css: str, filename: str) -> list[str]:
    """``filename:line: message`` for each parse error in ``css`` (empty when it parses)."""
    problems: list[str] = []
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    _check_rules(rules, filename, problems)
    unclosed = _unclosed_block_line(css)
    if unclosed is not None:
        problems.append(f"{filename}:{unclosed}: this {{ block is never closed")
    return problems


def _check_rules(nodes: Iterable[Any], filename: str, problems: list[str]) -> None:
    for node in nodes:
        if isinstance(node, tinycss2.ast.ParseError):
            problems.append(f"{filename}:{node.source_line}: {_plain(node.message)}")
        elif isinstance(node, tinycss2.ast.QualifiedRule):
            _check_prelude(node.prelude, filename, problems)
            _check_block(node.content, filename, problems)
        elif isinstance(node, tinycss2.ast.AtRule):
            _check_prelude(node.prelude, filename, problems)
            if node.content is None:
                continue
            if node.lower_at_keyword in _RULE_LIST_AT_RULES:
                contents = tinycss2.parse_rule_list(
                    node.content, skip_comments=True, skip_whitespace=True
                )
                _check_rules(contents, filename, problems)
            else:
                _check_block(node.content, filename, problems)
        elif isinstance(node, tinycss2.ast.Declaration) and not [
            v for v in node.value if v.type not in ("whitespace", "comment")
        ]:
            problems.append(f"{filename}:{node.source_line}: '{node.name}' has no value")


def _plain(message: str) -> str:
    """tinycss2's message, with what it usually means for a hand-edited stylesheet."""
    if "before {} block" in message:
        return f"not a declaration (property: value;) nor a rule with a {{ }} block ({message})"
    return message


def _check_block(content: Sequence[Any], filename: str, problems: list[str]) -> None:
    """A rule's block: declarations, and the nested rules CSS allows in it (@page's boxes)."""
    contents = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    _check_rules(contents, filename, problems)


def _check_prelude(prelude: Sequence[Any], filename: str, problems: list[str]) -> None:
    """A selector or at-rule prelude holding a closing bracket that nothing opened."""
    for token in prelude:
        if isinstance(token, tinycss2.ast.ParseError) or (
            isinstance(token, tinycss2.ast.LiteralToken) and token.value in _CLOSERS
        ):
            message = getattr(token, "message", "") or f"unmatched '{token.value}'"
            problems.append(f"{filename}:{token.source_line}: {message}")
            return


def _unclosed_block_line(css: str) -> int | None:
    """The line of the innermost ``{`` the file never closes, or None.

    tinycss2 closes such blocks at the end of the file and serialises them with the
    missing ``}``; the blocks left open are the outermost ones of the chain of last
    blocks, one per ``}`` added.
    """
    nodes = tinycss2.parse_component_value_list(css)
    serialised = tinycss2.serialize(nodes)
    if serialised == css:
        return None
    missing = len(serialised) - len(css)
    chain: list[Any] = []
    level: Sequence[Any] = nodes
    while True:
        blocks = [n for n in level if isinstance(n, tinycss2.ast.CurlyBracketsBlock)]
        if not blocks:
            break
        chain.append(blocks[-1])
        level = blocks[-1].content
    if not chain:
        return int(nodes[-1].source_line) if nodes else 1
    return int(chain[min(max(missing, 1), len(chain)) - 1].source_line)
