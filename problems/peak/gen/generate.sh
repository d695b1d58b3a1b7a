#!/usr/bin/env bash
# Rebuilds tests/ of "peak" from scratch with gen.cpp. Deterministic. The .out files are empty:
# the manager judges every answer itself.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=gnu++17 -O2 -o "$tmp/gen" gen/gen.cpp
rm -rf tests
mkdir tests

t() {  # t <test name> <gen arguments...>
  local name=$1
  shift
  "$tmp/gen" "$@" > "tests/$name.in"
  : > "tests/$name.out"
}

M=1000000
# 00-samples (the example of the statement)
t 0-01 100 100 fixed 1 5 2 1 0
# N <= 100, up to 100 queries
t 1-01 100 100 random 11 10 100
t 1-02 100 100 fixed 12 1 0 2 0 2 1 3 1 3 0 3 last 100 0 100 last 100 mid 99 1
t 1-03 100 100 fixed 13 100 7 100 93 100 31 100 64 50 25 37 36 64 0 10 9 100 98 4 2
# N <= 10^6, full score with at most 40 queries
t 2-01 40 200 random 21 10 $M
t 2-02 40 200 fixed 22 $M 0 $M last $M mid $M 1 $M 999998 1 0 2 1 524288 262143 524289 last 999999 3
t 2-03 40 200 random 23 10 1000
# N <= 10^6, full score with at most 30 queries
t 3-01 30 200 random 31 10 $M
t 3-02 30 200 fixed 32 $M 0 $M last $M mid $M 1 $M 999998 1 0 2 1 2 0 3 2 $M 381966
t 3-03 30 200 fixed 33 832039 0 832039 last 832040 last 832040 514229 832041 318000 \
  514228 514227 514229 0 999999 618033 121393 75025 46368 mid
t 3-04 30 200 random 34 10 1000
echo "peak: $(ls tests/*.in | wc -l) tests written"
