"""Digests of bytes (SHA-256, BLAKE2b) by CPython's own implementations where it has them.

`import hashlib` loads OpenSSL's library at once (about a sixth of the start of Python),
which a command that writes one record, or reads the index, has no other use for. CPython
also builds its own SHA-256 (`_sha256`, `_sha2` from 3.12) and BLAKE2 (`_blake2`, which
hashlib's `blake2b` is anyway): the digests are the same, so those are used when present,
hashlib otherwise.
"""

from __future__ import annotations


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex (as `hashlib.sha256(data).hexdigest()`)."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found] # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found] # 3.12 and later
        except ImportError:
            from hashlib import sha256
    text: str = sha256(data).hexdigest()
    return text


def blake2b_digest(data: bytes, size: int) -> bytes:
    """The BLAKE2b digest of `data`, `size` bytes long (as `hashlib.blake2b(data,
    digest_size=size).digest()`)."""
    try:
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    return blake2b(data, digest_size=size).digest()
