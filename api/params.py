"""Query-string parameters: unknown names are refused like unknown body fields."""
from __future__ import annotations

from flask import request

from .errors import ApiError


def only_known(*names: str) -> None:
    for name in request.args:
        if name not in names:
            raise ApiError(422, "invalid_field", f"{name[:64]}: is not a known query parameter", field=name[:64])


def choice(name: str, options, default=None):
    value = request.args.get(name)
    if value is None:
        return default
    if value not in options:
        raise ApiError(422, "invalid_field", f"{name}: must be one of {', '.join(sorted(options))}", field=name)
    return value


def whole_number(name: str, *, default, low: int, high: int):
    raw = request.args.get(name)
    if raw is None:
        return default
    # The length check keeps int() away from its digit limit on a hostile 5,000-digit value.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 20 and low <= int(raw) <= high):
        raise ApiError(422, "invalid_field", f"{name}: must be a whole number from {low} to {high}", field=name)
    return int(raw)


def text(name: str, *, max_chars: int = 200):
    """A free-text value such as a name, or None when absent or blank."""
    value = request.args.get(name, "").strip()
    if len(value) > max_chars:
        raise ApiError(422, "invalid_field", f"{name}: must be at most {max_chars} characters", field=name)
    return value or None
