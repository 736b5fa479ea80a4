#!/usr/bin/env bash
# A wheel built from this checkout, installed into a fresh venv outside it, runs every
# kind of command from another folder: clean, extract, brief (offline) and translate
# against the fake OpenAI-compatible endpoint (started from the checkout's test suite).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "${fake_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$repo/.venv/bin/python" -m pip wheel --quiet --no-deps "$repo" -w "$work/dist"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/jiyao-*.whl
cp "$repo/seeds/002_1e77c7613b5a8bae.txt" "$work/report.txt"
cd "$work"
export JIYAO_CACHE_DIR="$work/cache"

"$work/venv/bin/jiyao" --version
"$work/venv/bin/jiyao" clean report.txt > clean.txt
grep -q "全市疫情防控視頻會議" clean.txt
"$work/venv/bin/jiyao" extract report.txt --engine offline -o readout.json
grep -q "馬澤江" readout.json
"$work/venv/bin/jiyao" brief report.txt --engine offline -o brief.html
grep -q "</html>" brief.html
[ "$(stat -c %a brief.html)" = "$(printf '%o' $((0666 & ~$(umask))))" ]

(cd "$repo" && exec .venv/bin/python -m tests.fake_openai 0 > "$work/fake.url") &
fake_pid=$!
for _ in $(seq 50); do [ -s "$work/fake.url" ] && break; sleep 0.2; done
export JIYAO_BASE_URL=$(cat "$work/fake.url") JIYAO_MODEL=fake-model
"$work/venv/bin/jiyao" translate report.txt -o report.en.md
grep -q "\[EN" report.en.md
"$work/venv/bin/jiyao" summarize report.txt -f json | grep -q "Ma Zejiang"
echo "wheel smoke test: passed (clean, extract, brief offline; translate, summarize against the fake endpoint)"
