"""Reading ``show if`` conditions written by people into ``Condition`` data.

The grammar is small and spelled out so that no text from a questionnaire is ever evaluated
as code::

    condition  := either ("or" either)*
    either     := single ("and" single)*

'and' and 'or' mixed at one level without brackets are refused: 'and' would go first, as in
most languages, but people who write 'a or b and c' as often mean '(a or b) and c'.
    single     := "not" single | "(" condition ")" | test
    test       := QUESTION ("=" | "is" | "includes") VALUE
                | QUESTION ("!=" | "is not") VALUE
                | QUESTION ("in" | "is one of") VALUE ("," VALUE)*     (parentheses optional)

``includes`` reads better for multiple choice; all three spellings of equality mean "the
answer is, or includes, VALUE".
"""

from __future__ import annotations

import re

from .model import Condition
from .text import lookalike

#: The fix printed with every condition that cannot be read.
CONDITION_FIX = (
    "write it like 'departure = voluntary' or 'reasons in (pay, growth)'; "
    "see 'Conditions' in docs/authoring.md"
)


class ConditionSyntaxError(ValueError):
    """The condition text does not follow the grammar; the message says what was expected,
    and ``fix`` how to write it."""

    def __init__(self, message: str, fix: str = CONDITION_FIX) -> None:
        super().__init__(message)
        self.fix = fix


#: Characters a word processor or a habit types where a condition needs another: the fix.
_TYPED_INSTEAD = {
    **dict.fromkeys(
        "\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb",
        "leave the quotes out: a choice code needs none, e.g. 'departure = voluntary'",
    ),
    "\u2260": "write '!=' for 'is not', e.g. 'departure != retirement'",
    "<": "write '!=' for 'is not', e.g. 'departure != retirement'; a condition cannot "
    "compare with < or >: list the values with 'in', e.g. 'recommend in (0, 1, 2)'",
    ">": "a condition cannot compare with < or >: list the values with 'in', e.g. "
    "'recommend in (9, 10)'",
}

#: One test of a label of several words, unquoted: 'departure = I resigned'.
_LABEL_TEST = re.compile(
    r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(=|!=|is not|is|includes)\s+([^()\[\],\"']+?)\s*$"
)

_TOKEN = re.compile(r"\s*(?:(!=|=|\(|\)|,)|\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_\-]+))")


def parse_condition(text: str) -> Condition:
    """Parse ``text`` or raise ``ConditionSyntaxError`` explaining what is wrong."""
    tokens = _tokenize(text)
    if not tokens:
        raise ConditionSyntaxError("the condition is empty (write e.g. 'departure = voluntary')")
    parser = _Parser(tokens)
    condition = parser.condition()
    if parser.position < len(tokens):
        word = tokens[parser.position][1]
        if word == "," and parser.last is not None:
            # 'departure = voluntary, dismissed': several values after '='.
            values = [*parser.last[1]] + [
                text for kind, text in tokens[parser.position :] if kind != "symbol"
            ]
            raise ConditionSyntaxError(
                "a ',' after a value: '=' tests one value",
                f"to test several values, write '{parser.last[0]} in ({', '.join(values)})'",
            )
        if parser.position and tokens[parser.position - 1][0] == "word":
            # 'departure = I resigned': the label instead of the choice's code. Read as the
            # label it is, quoted, so that the check against the question (which knows its
            # choices) names the code that was meant: 'voluntary'.
            label = _LABEL_TEST.match(text)
            if label and not re.search(r"\b(?:and|or)\b", label.group(3), re.IGNORECASE):
                return parse_condition(f'{label.group(1)} {label.group(2)} "{label.group(3)}"')
            raise ConditionSyntaxError(
                f"unexpected '{word}' after '{tokens[parser.position - 1][1]}': a condition "
                "tests a choice's code, one word such as 'voluntary', not its label "
                "(use the code from '- code: label', or join tests with 'and' or 'or')"
            )
        raise ConditionSyntaxError(f"unexpected '{word}' (join tests with 'and' or 'or')")
    return condition


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            bad = text[position:].strip()[:1]
            word = (
                re.search(r"\S*\Z", text[:position]).group()
                + re.match(r"\S*", text[position:]).group()
            )
            note = lookalike(word.strip("()=,!'\""))
            if note:
                raise ConditionSyntaxError(f"{note}: type the letter again on your keyboard")
            if bad in _TYPED_INSTEAD:
                raise ConditionSyntaxError(
                    f"'{bad}' cannot be used in a condition", _TYPED_INSTEAD[bad]
                )
            raise ConditionSyntaxError(
                f"'{bad}' cannot be used in a condition (use =, !=, in, not, and, or and brackets)"
            )
        symbol, dquoted, squoted, word = match.groups()
        if symbol:
            tokens.append(("symbol", symbol))
        elif dquoted is not None or squoted is not None:
            tokens.append(("value", dquoted if dquoted is not None else squoted))
        else:
            # Keywords are recognised by the parser where it expects them, so a question
            # may be called 'one' or 'not' without confusing the grammar.
            tokens.append(("word", word))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0
        #: 'and' conditions written without brackets around them (by id: equal ones differ).
        self.bare_and: set[int] = set()
        #: (question, values) of the last test read, for the fix of a value without a test.
        self.last: tuple[str, tuple[str, ...]] | None = None

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def accept(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        if token is None:
            return False
        if kind == "keyword":
            matched = token[0] == "word" and token[1].lower() == text
        else:
            matched = token[0] == kind and (text is None or token[1] == text)
        if matched:
            self.position += 1
        return matched

    def _operator_follows(self) -> bool:
        """Is the token after the current one a comparison (so the current one is a question)?"""
        if self.position + 1 >= len(self.tokens):
            return False
        kind, text = self.tokens[self.position + 1]
        return (kind == "symbol" and text in ("=", "!=")) or (
            kind == "word" and text.lower() in ("is", "in", "includes")
        )

    def condition(self) -> Condition:
        parts = [self.either()]
        while self.accept("keyword", "or"):
            parts.append(self.either())
        if len(parts) == 1:
            return parts[0]
        joined = Condition(op="or", conditions=tuple(parts))
        if any(id(part) in self.bare_and for part in parts):
            raise ConditionSyntaxError(
                "'and' and 'or' are mixed without brackets, so it is unclear which goes first",
                f"if you mean '{condition_text(joined)}', write it with those brackets; "
                "otherwise put the brackets around the tests that belong together",
            )
        return joined

    def either(self) -> Condition:
        parts = [self.single()]
        while self.accept("keyword", "and"):
            parts.append(self.single())
        if len(parts) == 1:
            return parts[0]
        joined = Condition(op="and", conditions=tuple(parts))
        self.bare_and.add(id(joined))
        return joined

    def single(self) -> Condition:
        if not self._operator_follows() and self.accept("keyword", "not"):
            return Condition(op="not", conditions=(self.single(),))
        if self.accept("symbol", "("):
            inner = self.condition()
            if not self.accept("symbol", ")"):
                raise ConditionSyntaxError("a '(' is not closed (add the matching ')')")
            self.bare_and.discard(id(inner))
            return inner
        return self.test()

    def test(self) -> Condition:
        token = self.peek()
        if token is None or token[0] != "word" or token[1].lower() in ("and", "or"):
            seen = f"'{token[1]}'" if token else "the end"
            raise ConditionSyntaxError(
                f"expected a question ID but found {seen} (write e.g. 'departure = voluntary')"
            )
        self.position += 1
        question = token[1]
        found = self._test_of(question)
        if found.op in ("equals", "in"):
            self.last = (question, found.values)
        return found

    def _test_of(self, question: str) -> Condition:
        if self.accept("symbol", "!="):
            return Condition(op="not", conditions=(Condition("equals", question, (self.value(),)),))
        if self.accept("symbol", "=") or self.accept("keyword", "includes"):
            return Condition(op="equals", question=question, values=(self.value(),))
        if self.accept("keyword", "in"):
            return Condition(op="in", question=question, values=self.value_list())
        if self.accept("keyword", "is"):
            if self.accept("keyword", "not"):
                inner = Condition("equals", question, (self.value(),))
                return Condition(op="not", conditions=(inner,))
            if self.accept("keyword", "one"):
                if not self.accept("keyword", "of"):
                    raise ConditionSyntaxError("write 'is one of' followed by the values")
                return Condition(op="in", question=question, values=self.value_list())
            return Condition(op="equals", question=question, values=(self.value(),))
        joiner = self.tokens[self.position - 2] if self.position >= 2 else ("", "")
        if self.last is not None and joiner[1].lower() in ("or", "and"):
            # 'departure is voluntary or dismissed': a value where a test should be.
            last, values = self.last
            both = f"{last} = {values[-1]} {joiner[1]} {last} = {question}"
            fix = f"write '{both}'"
            if joiner[1].lower() == "or":
                listed = f"{last} in ({', '.join((*values, question))})"
                fix = f"write '{both}', or '{listed}'" if len(values) == 1 else f"write '{listed}'"
            raise ConditionSyntaxError(
                f"'{question}' after '{joiner[1]}' is not a test: each test names its question",
                fix,
            )
        raise ConditionSyntaxError(
            f"after '{question}' write =, !=, 'is', 'is not', 'in' or 'is one of' and a value"
        )

    def value(self) -> str:
        token = self.peek()
        if token == ("symbol", "="):
            raise ConditionSyntaxError(
                "'==' is written with one '=' in a condition", "write e.g. 'departure = voluntary'"
            )
        if token is None or token[0] not in ("word", "value"):
            found = f"'{token[1]}'" if token else "the end"
            raise ConditionSyntaxError(f"expected an answer value but found {found}")
        self.position += 1
        return token[1]

    def value_list(self) -> tuple[str, ...]:
        bracketed = self.accept("symbol", "(")
        values = [self._listed_value(bracketed)]
        while self.accept("symbol", ","):
            values.append(self._listed_value(bracketed))
        if bracketed and not self.accept("symbol", ")"):
            raise ConditionSyntaxError("a '(' is not closed (add the matching ')')")
        return tuple(values)

    def _listed_value(self, bracketed: bool) -> str:
        """One value of a list. Between brackets, words up to the next ',' or ')' are one
        value: 'reasons in (My manager, Workload or stress)' lists labels, which the check
        against the question turns into the codes meant ('manager', 'workload'); read word
        by word, it said that the '(' was not closed."""
        value = self.value()
        words = [value]
        while bracketed and (token := self.peek()) is not None and token[0] == "word":
            words.append(token[1])
            self.position += 1
        return " ".join(words)


def condition_text(condition: Condition) -> str:
    """The condition as it can be written in a questionnaire, with brackets around every
    'and' or 'or' inside another."""
    if condition.op == "equals":
        return f"{condition.question} = {_value_text(condition.values[0])}"
    if condition.op == "in":
        return f"{condition.question} in ({', '.join(map(_value_text, condition.values))})"
    if condition.op == "not":
        inner = condition.conditions[0]
        if inner.op == "equals":
            return f"{inner.question} != {_value_text(inner.values[0])}"
        return f"not {_bracketed(inner)}"
    return f" {condition.op} ".join(_bracketed(c) for c in condition.conditions)


def _bracketed(condition: Condition) -> str:
    text = condition_text(condition)
    return f"({text})" if condition.op in ("and", "or") else text


def _value_text(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_\-]+", value) else f'"{value}"'
