"""The query layer: packaged questions and their headers, the runner that
binds parameters as RDF terms, the stores that answer them (embedded or
remote) and the name lookup."""
