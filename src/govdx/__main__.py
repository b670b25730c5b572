"""Allows `python -m govdx`."""

from govdx.cli import main

raise SystemExit(main())
