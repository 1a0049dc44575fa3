# Installs, only when missing, the pinned tools the console needs, saying what it does.
# Sourced by run.sh, test.sh and size.sh. Nothing is fetched except through crates.io,
# npm, or apt.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# Splits the page's wasm into chunks loaded on demand (scripts/split.sh).
WASM_SPLIT_VERSION=0.2.4
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version the app is built with, read from Cargo.lock so the CLI
# can never drift from the library (Cargo.toml pins it with `=`).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

need_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Rust target wasm32-unknown-unknown: present"
  else
    say "Installing the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

need_wasm_bindgen() {
  local want; want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $want" ] && command -v wasm-bindgen-test-runner >/dev/null; then
    say "wasm-bindgen-cli $want: present"
  else
    say "Installing wasm-bindgen-cli $want from crates.io (about 5 minutes)"
    # Not --locked: a locked dependency of this release is missing from the registry.
    cargo install wasm-bindgen-cli --version "=$want"
  fi
}

need_trunk() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "Installing trunk $TRUNK_VERSION from crates.io (about 12 minutes; 0.22 needs a newer rustc)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

need_wasm_opt() {
  if "$ROOT/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION" \
    && [ -f "$ROOT/node_modules/axe-core/axe.min.js" ] && [ -f "$ROOT/node_modules/terser/package.json" ]; then
    say "wasm-opt $BINARYEN_VERSION (npm binaryen), terser and axe-core: present"
  else
    say "Installing wasm-opt $BINARYEN_VERSION (npm binaryen), terser and axe-core from npm (package-lock.json)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "Installing $* with apt"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@"
}

need_chromium() {
  # A CJK font: without one Chinese text renders as boxes a few pixels wide, which the
  # end-to-end layout checks (and anyone reading a screenshot) would see.
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi "wqy"; then
    say "Chromium, chromedriver and a CJK font: present ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
  else
    apt_install chromium chromium-driver fonts-wqy-zenhei
  fi
}

need_wasm_split() {
  # The tool prints no version: cargo's list of installed crates says which one it is.
  if command -v wasm-split-cli >/dev/null && cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "wasm-split-cli $WASM_SPLIT_VERSION: present"
  else
    say "Installing wasm-split-cli $WASM_SPLIT_VERSION from crates.io (wasm_split_cli_support, about 1 minute)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  fi
}

need_build_tools() {
  need_wasm_target
  need_wasm_bindgen
  need_trunk
  need_wasm_opt
  need_wasm_split
}

# A Python tool from PyPI in a virtual environment of its own under target/, pinned:
# `need_pypi <venv> <package> <requirement> <version> <what>` installs it unless that
# version is there. (The version is read whole, not with `grep -q`: with pipefail an
# early exit would fail the pipe.)
need_pypi() {
  local venv="$ROOT/target/$1" package=$2 requirement=$3 version=$4 what=$5
  if [ "$("$venv/bin/pip" show "$package" 2>/dev/null | sed -n 's/^Version: //p')" = "$version" ]; then
    say "$what $version: present (target/$1)"
  else
    python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
    say "Installing $what $version from PyPI into target/$1 (about 1 minute)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "$requirement==$version"
  fi
}

# The contract fuzzer.
SCHEMATHESIS_VERSION=4.32.5
ST="$ROOT/target/st-venv/bin/st"
need_schemathesis() {
  need_pypi st-venv schemathesis schemathesis "$SCHEMATHESIS_VERSION" schemathesis
}

# PostgreSQL from Debian (`postgresql`), for the server's tests against it.
postgres_bin() {
  # Debian keeps the server's tools (initdb, pg_ctl, createdb) out of PATH.
  local debian; debian=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$debian" ]; then
    echo "$debian"
  elif command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")"
  fi
}

need_postgres() {
  if [ -n "$(postgres_bin)" ] && [ -x "$(postgres_bin)/initdb" ]; then
    say "PostgreSQL: present ($("$(postgres_bin)/initdb" --version))"
  else
    apt_install postgresql
  fi
}

# Starts a throwaway PostgreSQL cluster (a temporary folder, port $1, trust on
# 127.0.0.1) and exports APX_TEST_DATABASE_URL naming a database in it; the cluster
# goes when `stop_postgres` runs. As root, the cluster runs as the `postgres` user
# (initdb refuses root).
start_postgres() {
  local port=$1 bin; bin=$(postgres_bin)
  PGDATA_DIR=$(mktemp -d)
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PGDATA_DIR"
    as=(runuser -u postgres --)
  fi
  say "Starting a throwaway PostgreSQL cluster on 127.0.0.1:$port ($PGDATA_DIR)"
  "${as[@]}" "$bin/initdb" -D "$PGDATA_DIR/data" -U apx --auth=trust --locale=C -E UTF8 > "$PGDATA_DIR/initdb.log"
  "${as[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
    -o "-p $port -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off" start > /dev/null
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U apx apx_test
  export APX_TEST_DATABASE_URL="postgres://apx@127.0.0.1:$port/apx_test"
}

stop_postgres() {
  [ -n "${PGDATA_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$(postgres_bin)/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
  PGDATA_DIR=
}

# An S3-compatible server for the tests of the bucket store: moto's server mode (PyPI),
# into a virtual environment under target/ (pinned). Chosen because it installs from
# PyPI with nothing to compile, runs as one local process, and implements the S3 calls
# object_store makes (put, multipart upload and abort, get, delete, list).
MOTO_VERSION=5.2.5
MOTO="$ROOT/target/moto-venv/bin/moto_server"
need_moto() {
  need_pypi moto-venv moto "moto[server]" "$MOTO_VERSION" "moto (S3-compatible test server)"
}

# Starts moto on 127.0.0.1:$1 with an empty bucket `apx-test`, and exports
# APX_TEST_STORE and the AWS_* settings object_store reads.
start_moto() {
  local port=$1
  say "Starting an S3-compatible server (moto) on 127.0.0.1:$port with the bucket apx-test"
  "$MOTO" -H 127.0.0.1 -p "$port" > "$(mktemp)" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.1; done
  curl -sf -X PUT "http://127.0.0.1:$port/apx-test" > /dev/null
  export AWS_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export APX_TEST_STORE="s3://apx-test"
}

stop_moto() {
  [ -n "${MOTO_PID:-}" ] || return 0
  kill "$MOTO_PID" 2>/dev/null || true
  MOTO_PID=
  unset APX_TEST_STORE AWS_ENDPOINT AWS_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}
