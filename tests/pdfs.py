"""Reading what a PDF says about itself, for tests of the PDFs lac makes."""

import re
import zlib


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects as text, its compressed streams opened (its ``/Lang`` is there)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
    opened = []
    for stream in streams:
        try:
            opened.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return pdf + b"".join(opened)
