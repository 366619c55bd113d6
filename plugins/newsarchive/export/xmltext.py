"""Text an XML 1.0 document can hold."""

from __future__ import annotations

import re

# Everything XML 1.0 forbids (C0 controls but tab, newline and CR; lone surrogates; U+FFFE,
# U+FFFF) and what it discourages and no reader wants: DEL and the C1 controls.
NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters an XML 1.0 document cannot hold (NUL, ESC, U+FFFE,
    lone surrogates...) nor the discouraged C1 controls; everything else as it is."""
    # Every character XML forbids or discourages is non-printable to Python (Cc, Cs, Cn).
    return value if value.isprintable() else NOT_XML.sub("", value)
