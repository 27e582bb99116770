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

# The Redis-backed tests (@shardwire/redis) need redis-server, both on 127.0.0.1:6379 and as a
# binary they start privately on a free port. Install and start it where it is missing.
if [ "${1:-}" = "test" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.1; done
  fi
fi

exec pnpm run "$@"
