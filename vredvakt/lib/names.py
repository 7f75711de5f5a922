"""How the product names a person: full name, else the username."""

from django.contrib.auth.models import AbstractBaseUser


def person_name(user: AbstractBaseUser | None) -> str:
    """ "Anna Berg", or "anna" for a user with no name; "" for nobody."""
    if user is None:
        return ""
    # AbstractBaseUser has no names; our User (and any AbstractUser) has.
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())
