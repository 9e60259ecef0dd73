#!/usr/bin/env bash
# Builds the plugin and zips it the way nopCommerce's admin "Upload plugin or theme" expects: one root
# folder named after the plugin's system name. The zip holds only the plugin's own files; no NopSdk,
# nopCommerce, FluentMigrator or linq2db assembly may be inside (the store has the real ones).
# Usage: bash build/package.sh [output.zip]     (default: artifacts/Misc.Retention.zip)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
system_name="Misc.Retention"
zip_path="${1:-$root/artifacts/$system_name.zip}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
out="$stage/$system_name"

# Build into the project's own bin folder (an OutDir given on the command line would apply to the NopSdk
# projects too and gather their assemblies), from clean so nothing stale is shipped.
plugin_dir="Plugins/Nop.Plugin.Misc.Retention"
rm -rf "$plugin_dir/bin/Release"
dotnet build "$plugin_dir/Nop.Plugin.Misc.Retention.csproj" -c Release -nologo -v q -clp:NoSummary
mkdir -p "$out"
cp -r "$plugin_dir/bin/Release/net9.0/." "$out/"

# Build leftovers a store does not need.
find "$out" \( -name '*.pdb' -o -name '*.deps.json' -o -name '*.xml' \) -delete

forbidden="$(find "$out" -type f \( -name 'Nop.Core.dll' -o -name 'Nop.Data.dll' -o -name 'Nop.Services.dll' \
  -o -name 'Nop.Web.Framework.dll' -o -name 'Nop.Web.dll' -o -name 'FluentMigrator*.dll' -o -iname 'linq2db*.dll' \) -printf '%f\n')"
if [ -n "$forbidden" ]; then
  echo "package: refusing to ship host assemblies: $forbidden" >&2; exit 1
fi
for required in plugin.json Nop.Plugin.Misc.Retention.dll Retention.Core.dll; do
  [ -f "$out/$required" ] || { echo "package: $required missing from the build output" >&2; exit 1; }
done

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
python3 - "$stage" "$system_name" "$zip_path" <<'PY'
import os, sys, zipfile
stage, name, target = sys.argv[1:4]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(os.path.join(stage, name)):
        dirs.sort()
        rel = os.path.relpath(folder, stage).replace(os.sep, "/") + "/"
        z.writestr(zipfile.ZipInfo(rel), "")          # nopCommerce looks for the root directory entry
        for f in sorted(files):
            full = os.path.join(folder, f)
            z.write(full, rel + f)
PY
echo "package: $zip_path"
python3 -m zipfile -l "$zip_path"
