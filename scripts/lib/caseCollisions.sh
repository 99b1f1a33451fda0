#!/usr/bin/env bash
# Rejects paths (files and folders) in the repo whose names differ only in
# letter case. On the case-insensitive file systems most contributors use
# (macOS, Windows) such a pair cannot be checked out side by side, and an
# extensionless import of one can resolve to the other: `DoraTiles.tsx` beside
# `doraTiles.ts` both answer to `./doraTiles`, so names are compared both whole
# and without the extension of their last part.
# Looks at files git tracks plus untracked ones not ignored (so a new file is
# caught before it is committed).
# Usage: scripts/lib/caseCollisions.sh [repo-dir]   (exits 1 naming each pair)
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"

git ls-files -z --cached --others --exclude-standard |
  tr '\0' '\n' |
  awk '
    # Every file and each folder above it, once.
    {
      path = $0
      while (!(path in seen)) {
        seen[path] = 1
        paths[++n] = path
        if (index(path, "/") == 0) break
        sub(/\/[^\/]*$/, "", path)
      }
    }
    # `key` is how the path can be named; two different spellings of the same
    # key in lower case are a collision.
    function check(key, path,    lower) {
      lower = tolower(key)
      if (!(lower in spelling)) {
        spelling[lower] = key
        first[lower] = path
      } else if (spelling[lower] != key) {
        printf "case-only name collision: %s <-> %s\n", first[lower], path
        bad = 1
      }
    }
    END {
      for (i = 1; i <= n; i++) {
        p = paths[i]
        check(p, p)
        # Without the last extension (not for dot-files such as `.eslintrc`).
        if (match(p, /[^\/]\.[^.\/]+$/)) check(substr(p, 1, RSTART), p)
      }
      if (bad) {
        print "Rename one of each pair so that the names differ in more than letter case." > "/dev/stderr"
        exit 1
      }
    }
  '
