"""Password hashing for portal accounts: argon2id through argon2-cffi, with its recommended parameters."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
# A real hash verified when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$iTJT/eUCqctLMVLvks4emw$vSktWKtPEIDqTau3sekSABkfHRL+C8nz3f/Ll85YJsI"


def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher().hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing account is checked against a dummy hash all the same."""
    try:
        return _hasher().verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
