"""Estate kernels: what inventories report (`observations`), reading their formats (`formats`),
support lifecycles (`lifecycle`), matching raw names to products and release cycles
(`matching`) and reconciling devices across sources (`reconcile`). Plain Python, no Django;
the caller passes the day.
"""
