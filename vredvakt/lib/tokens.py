"""Idempotency tokens (UX.md): a double tap or a resend never does a thing twice.

Every form that opens or changes something carries a fresh token; the service
that makes the change remembers it in the same transaction, and a submit whose
token it has seen joins the first one instead of doing the thing again.
"""

import uuid


def new_token() -> str:
    """A fresh token for one form: 32 lowercase hex digits."""
    return uuid.uuid4().hex


def is_form_token(token: str) -> bool:
    """A token as new_token makes them; anything else is not remembered."""
    return len(token) == 32 and all(c in "0123456789abcdef" for c in token)


def submission_key(*, via: str, user_id: int, token: str) -> str:
    """What a submit is remembered by: scoped to its sender, so no one can join another's.

    Empty when there is no token: such a submit is not remembered.
    """
    return f"{via}:{user_id}:{token}" if token else ""
