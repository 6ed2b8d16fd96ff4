#!/usr/bin/env bash
# The screenshots in docs/img/ (shown in README.md): the pages `make demo` wrote, rendered by
# headless Chromium at a desktop width and a phone width (in an iframe: a headless window is at
# least 500 pixels wide).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/demo-out"
IMG="$ROOT/docs/img"
mkdir -p "$IMG"
chromium=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run)
for page in programme papers; do
  [ -f "$OUT/$page.html" ] || { echo "error: $OUT/$page.html is missing: run make demo" >&2; exit 1; }
  "${chromium[@]}" --screenshot="$IMG/$page.png" --window-size=1280,1600 "file://$OUT/$page.html" 2>/dev/null
  cat >"$OUT/$page-phone.html" <<HTML
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>phone</title>
<style>body { margin: 0; } iframe { width: 390px; height: 844px; border: 0; }</style></head>
<body><iframe src="$page.html"></iframe></body></html>
HTML
  "${chromium[@]}" --allow-file-access-from-files --screenshot="$IMG/$page-phone.png" --window-size=390,844 \
    "file://$OUT/$page-phone.html" 2>/dev/null
  rm -f "$OUT/$page-phone.html"
  "${chromium[@]}" --print-to-pdf="$OUT/$page.pdf" --no-pdf-header-footer "file://$OUT/$page.html" 2>/dev/null
  echo "Wrote docs/img/$page.png, docs/img/$page-phone.png and demo-out/$page.pdf"
done
