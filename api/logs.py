"""Every log line the service writes passes through one filter that removes anything like a token.

Tokens never belong in a log, but a client can put one where the server repeats it: in a URL
path (the access log records the path), or in a malformed header line such as
``Authorization Bearer plt_...`` (gunicorn's error log quotes the line it could not parse). The
filter sits on the handlers of gunicorn's error and access logs, and postlint's own loggers write
through the same handlers, so no line reaches the output unscrubbed, tracebacks included.
"""
from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# A postlint token (plt_<id>_<secret>, or any piece of one), and whatever follows a Bearer scheme.
_TOKEN_LIKE = re.compile(r"plt_[A-Za-z0-9_\-]*|(?<=bearer)(\s*[:=]?\s*)[^\s\"',;]+", re.IGNORECASE)


def scrub(text: str) -> str:
    return _TOKEN_LIKE.sub(lambda m: f"plt_{REDACTED}" if m.group(1) is None else m.group(1) + REDACTED,
                           text)


class TokenScrubber(logging.Filter):
    """Rewrites a record's message (and its traceback text) with tokens removed."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = scrub(self._formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class ScrubbingLogger(Logger):
    """Gunicorn's logger, with the scrubber on every handler it sets up."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, TokenScrubber) for f in handler.filters):
                    handler.addFilter(TokenScrubber())
        # postlint's own messages (the retention purge, an unexpected error) go to the same place.
        ours = logging.getLogger("postlint")
        ours.handlers = list(self.error_log.handlers)
        ours.setLevel(self.error_log.level)
        ours.propagate = False


LOGGER_CLASS = "api.logs.ScrubbingLogger"
