"""`biasscan check`: a newsroom gate over scored drafts.

The pieces, each its own module: `thresholds` (what may not be exceeded), `config` (where the
thresholds come from), `suppressions` (inline `<!-- biasscan: ignore ... -->` comments), `baseline`
(accepted findings), `changes` (lines changed since a git ref), `engine` (one document -> one
verdict) and `formats/` (text, github, sarif, junit, json). Scoring itself stays in the pipeline.
"""
