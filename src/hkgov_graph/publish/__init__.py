"""Publishing as linked data: the static site with per-resource RDF and the
dumps, and the upload to a triple store."""
