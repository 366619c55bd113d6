"""Where markup starts in a text: the one rule that ingest's tag stripping
(:func:`newsarchive.ingest.markdown_text.strip_tags`) and the schema's plain-text check
(:func:`newsarchive.schema.plain_text_problem`) share, so that every title ingest writes is one
the loader accepts.

The rule is HTML's own (WHATWG HTML, "tag open state"): ``<`` starts a tag, an end tag, a
comment or declaration, or a processing instruction when an ASCII letter, ``/``, ``!`` or ``?``
follows it. After any other character ``<`` is text to every HTML parser: ``a < b``, ``<3``,
``x <Ж``, ``<б``. Refusing more than the parser reads would refuse harmless titles (the
templates escape every value anyway) and let ingest write files that the build then refuses.
"""

from __future__ import annotations

import re

__all__ = ["MARKUP_START", "TAG_START"]

# What follows "<" when it opens markup; a character class, for patterns built on it.
TAG_START = "[A-Za-z/!?]"
# "<" opening markup.
MARKUP_START = re.compile("<" + TAG_START)
