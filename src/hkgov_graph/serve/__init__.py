"""The server: content negotiation for the site and a read-only SPARQL
endpoint."""
