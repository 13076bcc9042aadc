"""The question seam's planners: a frame (and its question) in, an Answer out, one module per operation."""
