#!/usr/bin/env bash
# Installs the Trino server the platform runs (integration tests, `./mesh up`) into a cache
# directory, from Maven like every other dependency: io.trino:trino-server:476:tar.gz.
#
#   install.sh [DEST]   DEST defaults to ${MESH_CACHE_DIR:-$HOME/.cache/insight-mesh}/trino-server-476
#
# Idempotent: prints a line before the install (which takes minutes on a first download) and one
# when it is done, nothing when DEST is already there. The tarball lands in the local Maven
# repository once, so a reinstall does not download again.
set -euo pipefail

TRINO_VERSION=476
# The connectors and extensions the platform uses: Iceberg (the products), OPA (access
# decisions from the catalog) and OpenLineage (lineage of analysts' queries). The other ~50
# plugins would only cost start-up time: Trino loads every plugin directory it finds.
KEEP_PLUGINS=(iceberg opa openlineage)

REPOSITORY=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
DEST=${1:-${MESH_CACHE_DIR:-$HOME/.cache/insight-mesh}/trino-server-$TRINO_VERSION}

installed() {
  [[ -f $DEST/lib/io.trino_trino-server-main-$TRINO_VERSION.jar ]]
}

# The final rename below is the last step, so an existing DEST is always a complete install.
if installed; then
  exit 0
fi
if [[ -e $DEST ]]; then
  echo "install.sh: $DEST exists but holds no Trino $TRINO_VERSION server; remove it or name another DEST" >&2
  exit 1
fi

mkdir -p "$(dirname "$DEST")"
STAGING=$(mktemp -d "$DEST.partial.XXXXXX")
trap 'rm -rf "$STAGING"' EXIT

# Said first: Maven runs quietly, and a first download of the 820 MB tarball takes minutes.
if [[ -f $HOME/.m2/repository/io/trino/trino-server/$TRINO_VERSION/trino-server-$TRINO_VERSION.tar.gz ]]; then
  echo "installing Trino $TRINO_VERSION server into $DEST (from the local Maven repository)…"
else
  echo "installing Trino $TRINO_VERSION server into $DEST (~820 MB download from Maven, once per machine)…"
fi

# -N: the root pom is only there to pin the plugin version; the modules have nothing to add.
"$REPOSITORY/mvnw" -B -q -N -f "$REPOSITORY/pom.xml" dependency:copy \
  -Dartifact="io.trino:trino-server:$TRINO_VERSION:tar.gz" \
  -DoutputDirectory="$STAGING" >"$STAGING/maven.log" 2>&1 \
  || { cat "$STAGING/maven.log" >&2; echo "install.sh: cannot fetch io.trino:trino-server:$TRINO_VERSION:tar.gz" >&2; exit 1; }

# Extract everything, then drop plugins: the tarball stores shared jars once and hard-links
# them into the other plugin directories, so extracting a subset would break those links.
tar -xzf "$STAGING/trino-server-$TRINO_VERSION.tar.gz" -C "$STAGING" --strip-components=1
rm -f "$STAGING/trino-server-$TRINO_VERSION.tar.gz" "$STAGING/maven.log"
for plugin in "$STAGING"/plugin/*/; do
  name=$(basename "$plugin")
  if [[ ! " ${KEEP_PLUGINS[*]} " =~ " $name " ]]; then
    rm -rf "$plugin"
  fi
done
for name in "${KEEP_PLUGINS[@]}"; do
  [[ -d $STAGING/plugin/$name ]] \
    || { echo "install.sh: Trino $TRINO_VERSION has no $name plugin" >&2; exit 1; }
done

# -T: never move into a DEST that another install.sh running at the same time just created.
if ! mv -T "$STAGING" "$DEST" 2>/dev/null; then
  installed && exit 0
  echo "install.sh: cannot move the server into $DEST" >&2
  exit 1
fi
trap - EXIT
echo "installed Trino server $TRINO_VERSION in $DEST ($(du -sh "$DEST" | cut -f1), plugins: ${KEEP_PLUGINS[*]})"
