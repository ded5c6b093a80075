"""Standard modules made when first used (mentee.cli.deferred): each works as when imported
as usual, and an everyday command never runs those it does not use. Each check runs in a
fresh interpreter, as a command starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mentee.cli.deferred import DEFERRED


def _python(code: str, tmp_path: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, **env},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


USES = """
import sys
from mentee.cli.deferred import defer_standard_modules, is_made
defer_standard_modules()
import base64, bz2, fnmatch, linecache, lzma, secrets, subprocess, tokenize
deferred = sorted(m for m in {names} if not is_made(sys.modules[m]))
assert not hasattr(subprocess, "__path__")  # not a package, and still not made
assert not is_made(subprocess)
from subprocess import PIPE, run  # made by its first use
done = run([sys.executable, "-c", "print('ran')"], stdout=PIPE, check=True)
from secrets import token_hex
print(deferred)
print(done.stdout.decode().strip(), len(token_hex(4)), base64.b64encode(b"ok").decode(),
      fnmatch.fnmatch("a.toml", "*.toml"), bz2.decompress(bz2.compress(b"b")).decode(),
      lzma.decompress(lzma.compress(b"l")).decode(), linecache.getline(tokenize.__file__, 1) != "")
print(sorted(m for m in {names} if not is_made(sys.modules[m])))
"""


def test_a_deferred_module_is_made_by_its_first_use_and_works_as_usual(tmp_path):
    """Imported, each deferred module is not made yet; used (an attribute, `from m import
    name`), it is the whole module: a subprocess runs, secrets, base64, fnmatch, bz2, lzma,
    linecache and tokenize answer as always. Only what was used was made."""
    names = sorted(DEFERRED)
    out = _python(USES.format(names=names), tmp_path).splitlines()
    assert out[0] == str(names)
    assert out[1] == "ran 8 b2s= True b l True"
    assert out[2] == "[]"


FAILING = """
import sys
sys.path.insert(0, ".")
import mentee.cli.deferred as deferred
deferred.DEFERRED = deferred.DEFERRED | {"broken"}
deferred.defer_standard_modules()
import broken
assert "broken" in sys.modules
try:
    broken.value
except RuntimeError as exc:
    print("raised", exc)
print("broken" in sys.modules)
import broken
print(broken.value)
"""


def test_a_module_whose_code_fails_raises_when_used_and_is_imported_again_later(tmp_path):
    """A deferred module whose code raises: its first use raises that error and the module
    is gone from sys.modules, as after a failed import; the next import runs it again."""
    (tmp_path / "broken.py").write_text(
        "import os\n"
        "if not os.path.exists('fixed'):\n"
        "    open('fixed', 'w').close()\n"
        "    raise RuntimeError('first run fails')\n"
        "value = 42\n"
    )
    assert _python(FAILING, tmp_path).splitlines() == ["raised first run fails", "False", "42"]


ADD = """
import json, sys
from mentee.cli import main
from mentee.cli.deferred import DEFERRED, is_made
sys.argv = ["mentee", "action", "add", "Write the plan", "--due", "2027-01-15"]
try:
    main()  # as the console script calls it
except SystemExit as exc:
    assert not exc.code, exc.code
made = sorted(m for m in DEFERRED if m in sys.modules and is_made(sys.modules[m]))
models = sorted(m for m in sys.modules if m.startswith("mentee.models."))
print(json.dumps({"made": made, "openssl": "_hashlib" in sys.modules, "models": models}))
"""


def test_adding_an_action_runs_no_deferred_module_and_loads_no_openssl(tmp_path):
    """`action add` (parse, validate, write with its undo entry and fsyncs, confirm) uses
    none of the deferred modules, never loads OpenSSL (ids, temp names and digests come
    without it) and makes only the action's model of the seven; the action is written."""
    home = tmp_path / "journal"
    env = {
        "MENTEE_HOME": str(home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    out = _python(ADD, tmp_path, **env).splitlines()
    assert json.loads(out[-1]) == {
        "made": [],
        "openssl": False,
        "models": ["mentee.models.action"],
    }
    (written,) = (home / "actions").glob("*.toml")
    assert "Write the plan" in written.read_text()


EMBEDDED = """
import json, sys
from mentee.cli import main
from mentee.cli.deferred import DEFERRED, is_made
try:
    main(["action", "add", "Called by another program"])
except SystemExit as exc:
    assert not exc.code, exc.code
import secrets, subprocess
finders = [type(f).__name__ for f in sys.meta_path]
print(json.dumps({"finders": finders, "made": is_made(subprocess) and is_made(secrets)}))
"""


def test_a_program_calling_main_with_arguments_keeps_its_imports_as_they_are(tmp_path):
    """`main([...])` from another program runs the command without deferring that
    program's standard modules: the deferral is for the console script's own process."""
    env = {
        "MENTEE_HOME": str(tmp_path / "journal"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    found = json.loads(_python(EMBEDDED, tmp_path, **env).splitlines()[-1])
    assert "_DeferringFinder" not in found["finders"]
    assert found["made"] is True
