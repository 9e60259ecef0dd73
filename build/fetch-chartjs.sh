#!/usr/bin/env bash
# Puts Chart.js into the sandbox at the path nopCommerce 4.90's admin serves it from (wwwroot/lib_npm/chart.js/
# chart.umd.min.js), taken from the npm registry at the version nopCommerce 4.90 ships (its Nop.Web package.json:
# chart.js 4.5.0). The plugin never ships it: in a store the admin already has it. Output is gitignored.
set -euo pipefail
VERSION=4.5.0
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/build/Retention.Sandbox/wwwroot/lib_npm/chart.js"
if [[ -f "$target/chart.umd.min.js" && "$(cat "$target/VERSION" 2>/dev/null)" == "$VERSION" ]]; then exit 0; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "chart.js@$VERSION" >/dev/null)
tar -xzf "$work/chart.js-$VERSION.tgz" -C "$work" package/dist/chart.umd.min.js package/LICENSE.md
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$work/package/LICENSE.md" "$target/"
echo "$VERSION" > "$target/VERSION"
echo "chart.js $VERSION -> $target"
