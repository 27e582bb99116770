#!/usr/bin/env bash
# Installs everything a fresh machine needs, then runs one workspace script:
#   bash scripts/bootstrap.sh demo     the main job, against the embedded simulator
#   bash scripts/bootstrap.sh test     the whole test suite
# It is the README's quick start and what CI runs, so the two can never drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  # corepack cannot download pnpm on machines without internet; the npm registry can.
  npm install --global pnpm
fi

# node-gyp cannot download Node headers here. Native addons (zlib-sync, erlpack, zstd-napi)
# build against the headers that ship with Node instead. npm reads `nodedir` from ~/.npmrc,
# but pnpm only honours the environment variable.
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then
  export npm_config_nodedir=/usr
fi
export TURBO_TELEMETRY_DISABLED=1

pnpm install --frozen-lockfile
exec pnpm run "$@"
