"""Standard modules made when first used, not when first imported (in the console script's
own process: `mentee.cli.main()` with no arguments; a program that calls `main([...])` keeps
its imports as they are).

Typer, its copy of click and pydantic import some standard modules when they load but use
them only in functions that an everyday command never calls: `subprocess` (Typer's shell
completion and browser launch), `secrets` (pydantic's secret types, which pull in OpenSSL
through `hmac`), `bz2` and `lzma` (shutil's archives), `linecache` and `tokenize`
(traceback's and inspect's source lines), `base64` and `fnmatch`. Making them costs about half
the start of Python on every command. `defer_standard_modules` makes an import of one of them
give a module that is made the first time anything in it is used: whoever uses it gets the
same module, whole, and a command that does not (`action add`, a list) never pays for it.

The module object is the one `sys.modules` keeps throughout; until it is made it holds only
what the import system set (`__name__`, `__spec__`, `__file__`...). Its first other attribute
asked for runs its code, under a lock (once, even with threads), then answers as any module.
Only top-level modules of the standard library found as source are deferred; anything else is
imported as usual. mentee's own code uses these modules as always (`import subprocess`).
"""

from __future__ import annotations

import sys
from types import ModuleType

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (see mentee.cli)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec, SourceFileLoader
    from typing import Any

# See the module's docstring for who imports each and why it is seldom used.
DEFERRED = frozenset(
    {"subprocess", "secrets", "bz2", "lzma", "linecache", "tokenize", "base64", "fnmatch"}
)


def defer_standard_modules() -> None:
    """From now on, the modules of DEFERRED not imported yet are made when first used."""
    if not any(isinstance(finder, _DeferringFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _DeferringFinder())


def is_made(module: ModuleType) -> bool:
    """Whether `module`'s code has run (always, for a module that was not deferred)."""
    return not isinstance(module, DeferredModule)


class _DeferringFinder:
    """Finds a module of DEFERRED where the import system would (the path, as a source
    file) and hands it to `_DeferringLoader`."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, _target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name not in DEFERRED or path is not None:
            return None
        from importlib.machinery import PathFinder, SourceFileLoader

        spec = PathFinder.find_spec(name)
        if spec is None or type(spec.loader) is not SourceFileLoader:
            return None
        spec.loader = _DeferringLoader(spec.loader)  # type: ignore[assignment]  # a Loader by protocol
        return spec


class _DeferringLoader:
    """Loads a module as a `DeferredModule`, whose code its `loader` runs when first used."""

    def __init__(self, loader: SourceFileLoader) -> None:
        self.loader = loader
        # Whether the module's code ran (or is running: a module it imports may ask it for
        # something meanwhile, and gets what is there, as from any module being imported).
        self.started = False
        import _thread

        self.lock = _thread.RLock()

    def create_module(self, _spec: ModuleSpec) -> None:
        return None  # the import system's own module object

    def exec_module(self, module: ModuleType) -> None:
        module.__class__ = DeferredModule


class DeferredModule(ModuleType):
    """A module whose code has not run yet: the first attribute asked for that it does not
    hold runs it (see the module's docstring)."""

    def __getattr__(self, name: str) -> Any:
        if name == "__path__":
            # `from module import name` asks whether the module is a package: it is not.
            raise AttributeError(name)
        spec = self.__spec__
        deferring = spec.loader if spec is not None else None
        if isinstance(deferring, _DeferringLoader):
            with deferring.lock:
                if not deferring.started:
                    deferring.started = True
                    _run(self, deferring)
        return ModuleType.__getattribute__(self, name)


def _run(module: ModuleType, deferring: _DeferringLoader) -> None:
    """Run the module's code: it is then an ordinary module, loaded by its own loader.
    Should the code fail, the module is gone from `sys.modules`, as after a failed import."""
    loader = deferring.loader
    spec = module.__spec__
    assert spec is not None
    try:
        loader.exec_module(module)
    except BaseException:
        if sys.modules.get(spec.name) is module:
            del sys.modules[spec.name]
        raise
    finally:
        spec.loader = loader
        module.__loader__ = loader
        module.__class__ = ModuleType
