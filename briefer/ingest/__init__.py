"""Sources of articles beyond text files: web pages, URLs, RSS/Atom feeds, JSON Lines.

``read.SourceReader`` chooses a reader per source; ``fetch`` fetches within
limits; ``cache`` keeps today's pages; ``html``, ``feeds`` and ``jsonl`` turn
each kind into ``Article`` objects; ``dedupe`` folds duplicate stories.
Nothing is imported here, so ``briefer --help`` stays fast.
"""
