"""``python -m signaal.analysis IN.jsonl``: the same as ``signaal analyse``."""

from .cli import main

raise SystemExit(main())
