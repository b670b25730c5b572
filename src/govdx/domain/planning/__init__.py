"""Planning kernels: the plan as a network (`network`), the critical path method
(`schedule`), the working calendar (`calendar`), schedule risk by Monte Carlo (`simulation`)
and earned value (`earned_value`). Plain Python and numpy; the caller passes the seed."""
