"""Reconciliation: linking other people's names to the graph's resources.

One matcher (:mod:`.matcher`) over one catalogue of the graph's named
resources (:mod:`.catalogue`), used by the W3C Reconciliation Service API
that ``hkgov-graph serve`` offers at ``/reconcile`` (:mod:`.service`, the
protocol; :mod:`hkgov_graph.serve.reconcile`, the HTTP side) and by
``hkgov-graph reconcile FILE --column NAME`` (:mod:`.tables`), so a name gets
the same candidates and the same scores either way.
"""
