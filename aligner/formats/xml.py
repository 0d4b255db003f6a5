"""What every XML format (TMX, TBX, and XLIFF to come) shares: safe reading, legal characters.

Reading goes through defusedxml, the maintained guard of the Python XML stack: entity
declarations (billion laughs, quadratic blow-up) and external entities are refused by the
parser itself, wherever they stand in the file, so a hostile file fails at once instead of
expanding. A DOCTYPE alone (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``) is allowed: TMX files
carry one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from os import PathLike

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from aligner.errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 cannot hold at all, even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def parse_xml(text: str, path: str | PathLike[str] | None) -> ET.Element:
    """The root element of ``text``; malformed or hostile XML raises InputError naming ``path``."""
    # The text is already decoded, so the declaration's encoding (say UTF-16) no longer
    # applies; blank it out but keep its newlines so error line numbers stay right.
    text = _DECLARATION.sub(lambda m: "\n" * m[0].count("\n"), text, count=1)
    try:
        return fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"declares XML entities ({type(exc).__name__}), which aligner "
                               "refuses: that is how XML bombs and file inclusions work") from None
    except ET.ParseError as exc:
        line = exc.position[0]
        reason = str(exc).rsplit(": line ", 1)[0]
        if reason.startswith("not well-formed (") and reason.endswith(")"):
            reason = reason[len("not well-formed ("):-1]
        raise InputError(path, f"is not well-formed XML (line {line}: {reason})") from None


def local(tag: object) -> str:
    """A tag without its namespace (``{urn:…}tbx`` → ``tbx``); comments and PIs give ``""``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def clean_text(text: str) -> str:
    """``text`` as XML can hold it: CR and CRLF become newlines, illegal characters go."""
    return NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
