#!/usr/bin/env bash
# Builds every published package and packs it the way `yarn npm publish` does
# (prepack rewrites package.json to point at dist/, postpack restores it), then
# checks that each tarball holds exactly package.json, README.md, dist/ with
# the declarations, migrations/ where the package has them, and the config
# schema where the package has a config.d.ts (prepack turns it into
# config.schema.json, as in Backstage's own packages), and CHANGELOG.md once
# `changeset version` wrote one. Prints each package's files and size.
# Usage: scripts/release/packCheck.sh [--no-build]
set -euo pipefail
source "$(dirname "$0")/../lib/prepare.sh"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [ "${1:-}" != "--no-build" ]; then
  yarn tsc
fi

failed=0
for dir in plugins/*/; do
  dir="${dir%/}"
  name="$(node -p "require('./$dir/package.json').name")"
  if [ "${1:-}" != "--no-build" ]; then
    (cd "$dir" && yarn backstage-cli package build >/dev/null)
  fi
  tarball="$out/$(basename "$dir").tgz"
  (cd "$dir" && yarn pack --out "$tarball" >/dev/null)

  allowed='^package/(package\.json|README\.md|CHANGELOG\.md|dist/.+'
  [ -f "$dir/config.d.ts" ] && allowed+='|config\.schema\.json'
  [ -d "$dir/migrations" ] && allowed+='|migrations/.+'
  allowed+=')$'

  files="$(tar -tzf "$tarball" | sort)"
  tops="$(echo "$files" | sed -E 's#^package/([^/]+).*#\1#' | sort -u | tr '\n' ' ')"
  echo "$name: $(du -k "$tarball" | cut -f1) kB packed, $(echo "$files" | wc -l) files: $tops"
  unexpected="$(echo "$files" | grep -Ev "$allowed" || true)"
  missing=""
  for required in package.json README.md dist/index.cjs.js dist/index.d.ts; do
    case "$name" in @devops-insights/backstage-plugin) required="${required/index.cjs.js/index.esm.js}" ;; esac
    grep -qx "package/$required" <<<"$files" || missing+=" $required"
  done
  [ -f "$dir/config.d.ts" ] && { grep -qx "package/config.schema.json" <<<"$files" || missing+=" config.schema.json"; }
  [ -d "$dir/migrations" ] && { grep -q "^package/migrations/" <<<"$files" || missing+=" migrations/"; }
  if [ -n "$unexpected" ] || [ -n "$missing" ]; then
    failed=1
    [ -n "$unexpected" ] && echo "  unexpected: $(echo "$unexpected" | tr '\n' ' ')"
    [ -n "$missing" ] && echo "  missing:$missing"
  fi
done
exit "$failed"
