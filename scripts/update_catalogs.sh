#!/usr/bin/env bash
# Extract UI messages into locales/learnsocial.pot and merge them into every catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k _ -k ngettext:1,2 -k in_language:2 --project=LearnSocial --version=0.1.0 \
  --copyright-holder=LearnSocial --sort-by-file -o locales/learnsocial.pot . >/dev/null
pybabel update -i locales/learnsocial.pot -d locales -D learnsocial --previous
