"""Typed readers for environment variables that fail loudly on a bad value."""

import os


class ConfigError(Exception):
    pass


MISSING_SECRET_KEY = "SECRET_KEY must be set (or VREDVAKT_INSECURE_DEMO=1 for a local demo)"


def require_secret_key(missing: bool) -> None:
    """Refuse to serve without a secret key: sessions and CSRF tokens are signed with it."""
    if missing:
        raise ConfigError(MISSING_SECRET_KEY)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
