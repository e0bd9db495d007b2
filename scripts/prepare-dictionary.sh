#!/usr/bin/env bash
# Puts the prebuilt ko-dic for lindera where the build looks for it (.lindera-cache/, set
# in .cargo/config.toml), so that lindera's build script does not try to download it.
# Offline machines have it in ../shared/lindera-cache. With internet and no shared copy,
# there is nothing to do: lindera downloads ko-dic into .lindera-cache/ on first build.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/lindera-cache
if [ -d "$shared" ]; then
  for version_dir in "$shared"/*/; do
    name=$(basename "$version_dir")
    if [ ! -d ".lindera-cache/$name" ]; then
      mkdir -p .lindera-cache
      cp -R "$version_dir" ".lindera-cache/$name"
      chmod -R u+w ".lindera-cache/$name"
      echo "prepared .lindera-cache/$name from $shared" >&2
    fi
  done
fi
