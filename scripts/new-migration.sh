#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the last committed schema to the current
# one. Prisma's `migrate dev` needs a shadow database through the driver adapter; `migrate diff` needs none.
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh NAME}
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
prev=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$prev"
mkdir -p "$dir"
DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
  npx prisma migrate diff --from-schema-datamodel "$prev" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$prev"
echo "wrote $dir/migration.sql"
