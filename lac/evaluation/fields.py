"""The value engine's outcome fields in the reader's words, inside a sentence.

The engine names fields by their keys in the impact-map file (``drop_off``,
``start_year``), which stay English; a page or a chart that names one in
running text ("proxy 800 to 1,200", "Home visits: drop-off") says it in the
reader's language with these.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FIELD_WORDS = {
    "quantity": _("quantity"),
    "proxy": _("proxy"),
    "duration": _("duration"),
    "start_year": _("start year"),
    "deadweight": _("deadweight"),
    "displacement": _("displacement"),
    "attribution": _("attribution"),
    "drop_off": _("drop-off"),
}
