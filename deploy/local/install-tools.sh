#!/usr/bin/env bash
# Installs, from Debian's packages, what `make run` and the tests need and a
# fresh machine of this kind may lack: Java and Maven (Kafka), PostgreSQL 15
# (FerretDB's storage), nginx (the gateway), docker-compose (validating the
# compose file), kubectl (rendering the Kustomize manifests), Chromium (the web
# app's browser test; Playwright's own browser download is not reachable),
# Pango and fonts (the report's PDF) and poppler-utils (reading it in tests). Go 1.24+
# (FerretDB) comes with the machine; Debian's is too old.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)  # kubectl kustomize
compgen -G "/usr/lib/postgresql/1[5-9]/bin/postgres" >/dev/null || missing+=(postgresql-15)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -x /usr/bin/chromium ] || missing+=(chromium)  # the web app's browser test (Playwright)
# The board's report: WeasyPrint draws the PDF with Pango, in DejaVu; the
# tests read it back with poppler's pdftotext and pdftoppm.
/sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if ((${#missing[@]})); then
  echo "installing from Debian: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go 1.24 or newer is needed to build FerretDB (deploy/local/ferretdb)" >&2
  exit 1
fi
