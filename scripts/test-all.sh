#!/usr/bin/env bash
# npm test - the whole suite: format (prettier), lint, dead code (knip), typecheck, unit, integration (PostgreSQL and PGlite), browser tests (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
bash scripts/ensure-test-services.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "format";      npx prettier --check --log-level warn .
step "lint";        npm run --silent lint
step "dead code";   npx knip
step "typecheck";   npm run --silent typecheck
step "unit tests";  npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
# Built before the integration tests: some of them start whole Gatehouse processes (two instances, shutdown).
step "build";       npx tsx scripts/build-cli.ts && npx next build
step "integration tests (PostgreSQL + PGlite, sandbox AWS and Google over HTTP)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json
step "browser tests (Playwright, Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json npx playwright test --reporter=list,json
node scripts/summarize-tests.mjs reports/unit.json reports/integration.json reports/e2e.json
