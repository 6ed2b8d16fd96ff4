#!/usr/bin/env bash
# The layers of docs/design.md, checked: the core stays pure, the store holds no sentences.
# Run by `make lint` (and so by `make test`).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

# SeminarCore: no processes, files, handles, signals, sockets or C modules.
if grep -rnE '\b(Process|posix_spawn[a-z_]*|FileManager|FileHandle|fopen|signal|socket|connect|getpwuid|opendir)\(|\b(Process|FileManager|FileHandle)\.|^import (CCurlShim|Glibc|Darwin)' \
    Sources/SeminarCore | grep -vE '^[^:]+:[0-9]+: *//'; then
    echo "error: SeminarCore must stay pure (value types and functions; I/O belongs in SeminarFiles or SeminarMail)" >&2
    status=1
fi
if sed -n '/name: "SeminarCore"/,/^        ),/p' Package.swift | grep -q '"CCurlShim"'; then
    echo "error: SeminarCore must depend on no C module" >&2
    status=1
fi

# SeminarStore: persistence only — no user-facing hints or formatting.
if grep -rnE '`seminar [a-z]|DateFormatter|ISO8601DateFormatter' Sources/SeminarStore | grep -vE '^[^:]+:[0-9]+: *//'; then
    echo "error: SeminarStore holds no sentences, hints or formatting (they belong in SeminarApp or the commands)" >&2
    status=1
fi
exit $status
