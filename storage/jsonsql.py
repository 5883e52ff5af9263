"""JSON built by the database, in the same words on SQLite and PostgreSQL.

The morning fan-out reads tens of journal rows per athlete. Row by row, each one costs a
result row, a named tuple and a model built in Python; aggregated by the database into one
JSON document per athlete, the whole journal is one string that pydantic validates in Rust
(:mod:`storage.fanout` measures the difference). The two databases spell the functions
differently; these constructs compile to the right spelling for each.

Keys are written into the SQL as literals (they are our field names, never input): bound
parameters of unknown type are refused inside PostgreSQL's variadic JSON functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

if TYPE_CHECKING:
    from sqlalchemy import ColumnExpressionArgument


class json_object(FunctionElement[str]):  # named like the SQL it renders
    """``json_object(key, value, ...)``: SQLite's name; PostgreSQL's is json_build_object."""

    type = String()
    name = "json_object"
    inherit_cache = True


class json_array(FunctionElement[str]):
    """``json_array(value, ...)``: SQLite's name; PostgreSQL's is json_build_array."""

    type = String()
    name = "json_array"
    inherit_cache = True


class json_group_array(FunctionElement[str]):
    """The group's values as one JSON array, in no promised order: SQLite's name;
    PostgreSQL's is json_agg, whose json is cast to text so that it arrives as a string."""

    type = String()
    name = "json_group_array"
    inherit_cache = True


def _spelled(name: str) -> Any:
    def compile_(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        return f"{name}({compiler.process(element.clauses, **kw)})"

    return compile_


compiles(json_object)(_spelled("json_object"))
compiles(json_object, "postgresql")(_spelled("json_build_object"))
compiles(json_array)(_spelled("json_array"))
compiles(json_array, "postgresql")(_spelled("json_build_array"))
compiles(json_group_array)(_spelled("json_group_array"))


@compiles(json_group_array, "postgresql")
def _json_agg(element: json_group_array, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(json_agg({compiler.process(element.clauses, **kw)}) AS TEXT)"


def document(fields: Mapping[str, ColumnExpressionArgument[Any]]) -> json_object:
    """A JSON object of ``fields`` (key -> column), for pydantic to validate."""
    args: list[Any] = []
    for key, column in fields.items():
        if not key.isidentifier():
            raise ValueError(f"not a field name: {key!r}")
        args += [literal_column(f"'{key}'"), column]
    return json_object(*args)


class embedded(FunctionElement[str]):
    """A JSON column's value as JSON inside a document: SQLite keeps JSON as text, which
    ``json()`` turns back into JSON (else it would be embedded as a string); PostgreSQL's
    column is JSON already."""

    type = String()
    name = "embedded"
    inherit_cache = True


@compiles(embedded)
def _embedded_sqlite(element: embedded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json({compiler.process(element.clauses, **kw)})"


@compiles(embedded, "postgresql")
def _embedded_postgresql(element: embedded, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)
