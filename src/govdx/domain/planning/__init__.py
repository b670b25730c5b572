"""Planning kernels: the plan as a network (`network`), the critical path method
(`schedule`), the working calendar (`calendar`), schedule risk by Monte Carlo (`simulation`),
earned value (`earned_value`), a plan read from a spreadsheet (`plan_file`) and the analysis
`govdx plan analyse` prints (`analysis`). Plain Python and numpy; the caller passes the seed."""
