"""Imported once by the forkserver that starts ingest's worker processes (see index.prepare):
the parser and jieba's dictionary are loaded there, so every worker forked from it starts
with them instead of spending a second loading its own. Not imported anywhere else: loading
the dictionary is its side effect."""

from __future__ import annotations

import index.prepare  # noqa: F401  (the parser, the store's row making, sqlite-utils)
import ingest.readers.docx  # noqa: F401  (python-docx, lxml)
import ingest.readers.pdf  # noqa: F401  (pdfplumber, pdfminer)
from index import lexical
from ingest import ocr_scan

ocr_scan.preload()  # OpenCV and onnxruntime, for scans (their models load in a worker when needed)

lexical.tokenize("政府信息公开")  # loads jieba's dictionary
