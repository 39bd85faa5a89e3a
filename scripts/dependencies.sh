#!/usr/bin/env bash
# Lists Backprop's runtime dependencies (what the shaded backprop.jar contains) with the licence each
# one declares in its POM, so the README's table can be checked against the build:
#   scripts/dependencies.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
(cd "$root" && ./mvnw -q -B dependency:list -DincludeScope=runtime -DoutputFile="$list" -DappendOutput=true \
  -pl backprop-core,backprop-report,backprop-cli >/dev/null)
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
licence() {   # the first <license><name> of a POM, following <parent> when the POM has none
  local pom="$1" name parent
  name="$(grep -A3 '<license>' "$pom" 2>/dev/null | grep -m1 '<name>' | sed 's/ *<[^>]*>//g; s/^ *//')" || true
  if [ -z "$name" ]; then
    parent="$(awk '/<parent>/,/<\/parent>/' "$pom" | grep -E '<(groupId|artifactId|version)>' | sed 's/ *<[^>]*>//g; s/^ *//' | paste -sd' ')"
    if [ -n "$parent" ]; then
      read -r pg pa pv <<<"$parent"
      local ppom="$repo/${pg//.//}/$pa/$pv/$pa-$pv.pom"
      [ -f "$ppom" ] && name="$(licence "$ppom")"
    fi
  fi
  echo "${name:-unknown}"
}
printf '| dependency | version | licence |\n|---|---|---|\n'
grep -E '^ +[a-zA-Z]' "$list" | awk '{print $1}' | sort -u | grep -v '^dev\.backprop:' | while IFS=: read -r g a _type v _scope; do
  pom="$repo/${g//.//}/$a/$v/$a-$v.pom"
  printf '| %s:%s | %s | %s |\n' "$g" "$a" "$v" "$(licence "$pom")"
done
