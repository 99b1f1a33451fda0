#!/usr/bin/env bash
# Usage: scripts/lib/unpackBackend.sh <empty directory>
# Lays out the built backend (`yarn build:backend`) in <directory> the way
# packages/backend/Dockerfile does: yarn files, the skeleton, production
# dependencies, the bundle, the configs. Then, from <directory>:
#   node packages/backend --config app-config.yaml --config app-config.production.yaml
# Needs Node and $DI_YARN_RELEASE from scripts/lib/prepare.sh.
set -euo pipefail

target="$1"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="$repo/packages/backend/dist"

mkdir -p "$target/.yarn"
cp -r "$repo/.yarn/releases" "$target/.yarn/"
cp "$repo/.yarnrc.yml" "$repo/backstage.json" "$repo/yarn.lock" "$repo/package.json" "$target/"
tar xzf "$dist/skeleton.tar.gz" -C "$target"

# The image runs `yarn workspaces focus --all --production` on an empty
# directory, which compiles native modules from scratch (~8 min on 2 cores).
# Here the repo's installed, already-built node_modules seed it (hard links,
# or a copy across file systems) and the same command prunes them to the
# production dependencies and links the bundle's workspaces, without build
# scripts. A runtime import of a dev-only dependency still fails to resolve.
seed() { cp -al "$1" "$2" 2>/dev/null || cp -a "$1" "$2"; }
seed "$repo/node_modules" "$target/node_modules"
for workspace in packages/* plugins/*; do
  if [ -d "$target/$workspace" ] && [ -d "$repo/$workspace/node_modules" ]; then
    seed "$repo/$workspace/node_modules" "$target/$workspace/node_modules"
  fi
done
# Yarn rewrites its state file in place: a copy, so the repo's stays intact.
cp --remove-destination "$repo/node_modules/.yarn-state.yml" "$target/node_modules/.yarn-state.yml"
(cd "$target" && NODE_ENV=production YARN_ENABLE_SCRIPTS=false \
  node "$DI_YARN_RELEASE" workspaces focus --all --production)

cp "$repo/catalog-info.yaml" "$repo/app-config.yaml" "$repo/app-config.production.yaml" "$target/"
tar xzf "$dist/bundle.tar.gz" -C "$target"
