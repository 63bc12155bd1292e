"""A real Virtuoso Open Source 7 server for the tests: started on free ports with a small ini of
our own, database files in a temporary folder, stopped by its process id.

Debian's ``virtuoso-opensource`` package (installed by ``.ci/run``) provides
``virtuoso-t`` and its SQL client ``isql-vt``. Virtuoso answers SPARQL at
``/sparql`` and the Graph Store Protocol at ``/sparql-graph-crud``; both run
as the SQL user ``SPARQL``, which may only read until it is granted the
``SPARQL_UPDATE`` role, so the fixture grants it through ``isql`` once the
server is up (a throw-away server on 127.0.0.1; a real deployment would use
the authenticated ``/sparql-auth`` and ``/sparql-graph-crud-auth`` instead).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers_servers import free_port

# The server's own settings: everything in ``folder``, listening on 127.0.0.1 only. ResultSetMaxRows
# lifts Virtuoso's default cap of 10,000 rows per answer, and MaxQueryExecutionTime = 0 turns off its
# "anytime" answers: both would cut results short without an error.
INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa

[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
DirsAllowed       = ., {folder}
CheckpointInterval = 0

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {folder}
ServerThreads = 4

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 0
"""


@dataclass
class VirtuosoServer:
    """A running ``virtuoso-t`` process and where it answers."""

    process: subprocess.Popen[bytes]
    sql_port: int
    http_port: int
    folder: Path

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def isql(self, statement: str) -> str:
        """Run one SQL statement as ``dba`` (the default password of a fresh database)."""
        done = subprocess.run([isql_binary(), f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "Error" in done.stdout:
            raise RuntimeError(f"isql failed on {statement!r}: {done.stdout} {done.stderr}")
        return done.stdout

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """The JSON bindings of a SELECT, asked over HTTP without the code under test."""
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.query_url, data=data,
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["results"]["bindings"]

    def graph_sizes(self, prefix: str) -> dict[str, int]:
        """The number of triples in each graph whose IRI starts with ``prefix``."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows if r["g"]["value"].startswith(prefix)}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def virtuoso_binary() -> str:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run does it)")
    return binary


def isql_binary() -> str:
    binary = shutil.which("isql-vt") or shutil.which("isql")
    if binary is None:
        pytest.skip("Virtuoso's isql client is not installed")
    return binary


def start_virtuoso(folder: Path, timeout: float = 90.0) -> VirtuosoServer:
    """Start a fresh Virtuoso in ``folder`` on two free ports; wait until SPARQL answers; let SPARQL write."""
    binary, _ = virtuoso_binary(), isql_binary()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = (folder / "stdout.log").open("wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=log, stderr=subprocess.STDOUT)
    server = VirtuosoServer(process, sql_port, http_port, folder)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {(folder / 'stdout.log').read_text(errors='replace')[-2000:]}")
        try:
            server.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"Virtuoso did not answer within {timeout:g} s") from None
            time.sleep(0.2)
    try:
        server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    except BaseException:
        server.stop()
        raise
    return server
