"""`@record`: the parser's value classes, declared as dataclasses are, without `dataclasses`.

`import dataclasses` loads inspect, and with it ast, dis, tokenize and enum, and each
`@dataclass` compiles three or more methods and asks `inspect.signature` for a
docstring: for the parser's ~25 classes that was ~30 ms of every `duban parse`
(issue #10), more than the parse of the seed notice itself. A record is declared the
same way (annotations, defaults, `field(default_factory=…, repr=False)`, `frozen=True`)
and behaves the same for callers: the same `__init__`, `==` over the fields in order
(instances of the same class only), `repr`, a hash over the fields when frozen and
none otherwise, `__match_args__`. Only `__init__` is written for each class, and it is
compiled ahead (record_table.py; after changing a record's fields or defaults,
`python -m duban.docparse.record_write`).

`dataclasses.fields`, `asdict`, `replace` and `is_dataclass` work on records too: the
first time one of them asks for `__dataclass_fields__`, the dataclasses module is
imported and the real Field objects are made (`make_dataclass` of the same fields).
"""

from __future__ import annotations

import _thread

from . import record_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see model.py)
if TYPE_CHECKING:
    from typing import Any, dataclass_transform
else:

    def dataclass_transform(**_kwargs):
        return lambda decorator: decorator


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What `field(...)` declares; replaced by the record's machinery at class creation."""

    __slots__ = ("default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool) -> None:  # noqa: A002
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True) -> Any:  # noqa: A002
    """As dataclasses.field, for the arguments the parser uses."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr)


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (as dataclasses.FrozenInstanceError)."""


@dataclass_transform(field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = False) -> Any:
    """Make `cls` a record: `@record` or `@record(frozen=True)`."""

    def wrap(cls: Any) -> Any:
        return _process(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _process(cls: Any, frozen: bool) -> Any:
    names: list[str] = []
    shown: list[str] = []
    specs: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(value, MISSING, True)
        if not _has_default(spec) and specs and _has_default(specs[-1]):
            raise TypeError(f"non-default argument {name!r} follows default argument")
        if isinstance(value, Field):
            if spec.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        names.append(name)
        specs.append(spec)
        if spec.repr:
            shown.append(name)
    cls.__init__ = _init(cls, names, specs, frozen)
    cls._record_factories = {
        name: spec.default_factory
        for name, spec in zip(names, specs, strict=True)
        if spec.default_factory is not MISSING
    }
    cls.__record_fields__ = tuple(names)
    cls._record_shown = tuple(shown)
    cls.__match_args__ = tuple(names)  # type: ignore[misc]  # mypy guards a dataclass's own
    cls.__repr__ = _repr
    cls.__eq__ = _eq
    if frozen:
        cls.__hash__ = _hash
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    else:
        cls.__hash__ = None
    cls.__dataclass_fields__ = _DataclassFields()
    return cls


def _has_default(spec: Field) -> bool:
    return spec.default is not MISSING or spec.default_factory is not MISSING


# The `__init__` sources asked for in this process, in order: what record_write writes;
# and the records whose `__init__` was not in record_table.py and had to be compiled.
SEEN: dict[str, None] = {}
COMPILED: list[str] = []


def _init(cls: Any, names: list[str], specs: list[Field], frozen: bool) -> Any:
    """`__init__` for the fields, as dataclasses writes it: one assignment a field, a
    default factory called when its argument was left out. Compiling it took ~10 ms of
    every start for the parser's records, so the source is looked up in record_table.py,
    where `python -m duban.docparse.record_write` wrote it ahead (Python compiles that
    module once, to its bytecode cache); a source not found there is compiled here."""
    params, body = ["self"], []
    scope: dict[str, Any] = {"MISSING": MISSING, "_set": object.__setattr__}
    for i, (name, spec) in enumerate(zip(names, specs, strict=True)):
        value = name
        if spec.default_factory is not MISSING:
            scope[f"_f{i}"] = spec.default_factory
            params.append(f"{name}=MISSING")
            value = f"_f{i}() if {name} is MISSING else {name}"
        elif spec.default is not MISSING:
            scope[f"_d{i}"] = spec.default
            params.append(f"{name}=_d{i}")
        else:
            params.append(name)
        body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = (
        f"def __create__({', '.join(scope)}):\n"
        f"    def __init__({', '.join(params)}) -> None:\n        "
        + "\n        ".join(body or ["pass"])
        + "\n    return __init__\n"
    )
    SEEN[source] = None
    create = record_table.FACTORIES.get(source)
    if create is None:  # a record changed since record_write: compiled here, as always
        COMPILED.append(f"{cls.__module__}.{cls.__qualname__}")
        namespace: dict[str, Any] = {}
        exec(source, namespace)  # noqa: S102 — our own field names, checked identifiers by `class`
        create = namespace["__create__"]
    init = create(**scope)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


# The records being shown, per thread: a node that refers back to its parent is
# shown as `...` the second time, as dataclasses' reprlib guard does.
_SHOWING: set[tuple[int, int]] = set()


def _repr(self: Any) -> str:
    key = (id(self), _thread.get_ident())
    if key in _SHOWING:
        return "..."
    _SHOWING.add(key)
    try:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    finally:
        _SHOWING.discard(key)
    return f"{type(self).__qualname__}({inner})"


def _values(self: Any) -> tuple:
    return tuple(getattr(self, name) for name in self.__record_fields__)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return _values(self) == _values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_values(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


class _DataclassFields:
    """A record's `__dataclass_fields__`, made on first use (module docstring)."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        import dataclasses  # here, for cost: only a caller of dataclasses' functions needs it

        specs = []
        for name in owner.__record_fields__:
            default = owner.__dict__.get(name, dataclasses.MISSING)
            factory = owner._record_factories.get(name)
            if factory is not None:
                made = dataclasses.field(default_factory=factory)
            else:
                made = dataclasses.field(default=default)
            made.repr = name in owner._record_shown
            specs.append((name, owner.__annotations__[name], made))
        twin: Any = dataclasses.make_dataclass(
            owner.__name__, specs, frozen=owner.__hash__ is _hash
        )
        fields = twin.__dataclass_fields__
        owner.__dataclass_fields__ = fields
        return fields
