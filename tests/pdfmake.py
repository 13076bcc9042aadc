"""Tiny PDF writer for test fixtures with made-up figures: ruled lines and Helvetica text.

Coordinates are from the top-left of an A4 page, in points, as pdfplumber reports them.
ASCII text is set in Helvetica; other text in a Type0 font whose character codes are the
Unicode code points (a ToUnicode map says so), so a text extractor reads Chinese back
exactly, every character 1 em wide. No font program is embedded: viewers substitute one,
and only the text layer matters here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEIGHT = 842.0


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)

    def line(self, x0: float, top: float, x1: float, bottom: float) -> Page:
        self.ops.append(f"{x0:.2f} {HEIGHT - top:.2f} m {x1:.2f} {HEIGHT - bottom:.2f} l S")
        return self

    def text(self, x: float, baseline: float, s: str, size: float = 10) -> Page:
        if s.isascii():
            s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            self.ops.append(f"BT /F1 {size} Tf {x:.2f} {HEIGHT - baseline:.2f} Td ({s}) Tj ET")
        else:
            self.ops.append(
                f"BT /F2 {size} Tf {x:.2f} {HEIGHT - baseline:.2f} Td <{s.encode('utf-16-be').hex()}> Tj ET"
            )
        return self

    def grid(self, xs: list[float], ys: list[float]) -> Page:
        """Every rule of a plain grid (no merged cells)."""
        for y in ys:
            self.line(xs[0], y, xs[-1], y)
        for x in xs:
            self.line(x, ys[0], x, ys[-1])
        return self


def pdf(pages: list[Page]) -> bytes:
    """The bytes of a PDF holding the pages."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects.append(_stream(_identity_to_unicode()))
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Fallback /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /Fallback /Flags 4 /ItalicAngle 0 "
        b"/FontBBox [0 -120 1000 880] /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Fallback /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (len(objects), len(objects) - 1)
    )
    cjk_font = len(objects)
    kids = []
    for page in pages:
        objects.append(_stream(("0.8 w\n" + "\n".join(page.ops)).encode("latin-1")))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 %d 0 R >> >> >>" % (content, cjk_font)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _assemble(objects, b"")


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _identity_to_unicode() -> bytes:
    """A ToUnicode CMap saying each two-byte code is the Unicode code point of the same value."""
    ranges = [f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in range(256)]
    blocks = [ranges[i : i + 100] for i in range(0, len(ranges), 100)]
    body = "".join(f"{len(b)} beginbfrange\n" + "\n".join(b) + "\nendbfrange\n" for b in blocks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-Unicode def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + body
        + "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def locked_pdf() -> bytes:
    """A PDF encrypted with a user password (the empty password does not open it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    return _assemble(objects, b" /Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]")


def _assemble(objects: list[bytes], trailer_extra: bytes) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)
