#!/usr/bin/env bash
# Rebuilds tests/ of "digitsum": inputs from gen.cpp, expected outputs from the reference
# solution solutions/full/digit_dp.cpp. Deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=gnu++17 -O2 -o "$tmp/gen" gen/gen.cpp
g++ -std=gnu++17 -O2 -o "$tmp/ref" solutions/full/digit_dp.cpp
rm -rf tests
mkdir tests

t() {  # t <test name> <gen arguments...>
  local name=$1
  shift
  "$tmp/gen" "$@" > "tests/$name.in"
  "$tmp/ref" < "tests/$name.in" > "tests/$name.out"
}

E18=1000000000000000000
# 00-samples (the example of the statement)
t 0-01 fixed 20 3 100 10 1000000 7
# N <= 10^6
t 1-01 random 101 10 1000000 100
t 1-02 fixed 1 1 1 2 9 9 10 1 1000000 1 999999 54 1000000 100 1000000 2 999999 27 54321 13
t 1-03 random 103 10 1000000 10
# K in {1, 3, 9}
t 2-01 nines 201 10 $E18
t 2-02 fixed $E18 1 $E18 3 $E18 9 999999999999999999 9 999999999999999998 3 1 9 2 3 3 3 \
  576460752303423488 3 123456789012345678 9
# no further constraints
t 3-01 random 301 10 $E18 100
t 3-02 fixed $E18 100 $E18 7 $E18 2 999999999999999999 81 999999999999999999 100 \
  999999999999999999 97 10000000000 11 987654321987654321 13 2147483648 10 4294967296 17
t 3-03 random 303 10 $E18 12
t 3-04 random 304 10 1000000000 100
echo "digitsum: $(ls tests/*.in | wc -l) tests written"
