#!/usr/bin/env bash
# Rebuilds tests/ of "divsum" from scratch: inputs from gen.cpp, expected outputs by running the
# reference solution (solutions/full/hyperbola.cpp) with the official grader. Deterministic.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=gnu++17 -O2 -o "$tmp/gen" gen/gen.cpp
g++ -std=gnu++17 -O2 -Igraders -o "$tmp/ref" graders/grader.cpp solutions/full/hyperbola.cpp
rm -rf tests
mkdir tests

t() {  # t <test name> <gen arguments...>
  local name=$1
  shift
  "$tmp/gen" "$@" > "tests/$name.in"
  "$tmp/ref" < "tests/$name.in" > "tests/$name.out"
}

sq() { echo $(($1 * $1)); }

# 00-samples (the example of the statement)
t 0-01 fixed 1 10 6 6 10 20
# R <= 1000
t 1-01 ranges 101 10 1000
t 1-02 fixed 1 1 1 1000 1000 1000 999 1000 1 2 500 501 961 961 960 962 2 999 720 720
t 1-03 singles 103 10 1000
# L = R <= 10^10
t 2-01 singles 201 10 10000000000
t 2-02 fixed 6983776800 6983776800 9316358400 9316358400 9999999967 9999999967 \
  10000000000 10000000000 9998200081 9998200081 8589934592 8589934592 9999800001 9999800001 \
  1 1 2 2 9999999999 9999999999
a=$(sq 99999) b=$(sq 99991) c=$(sq 99989) d=$(sq 65536) e=$(sq 46341)
t 2-03 fixed $a $a $((a - 1)) $((a - 1)) $((a + 1)) $((a + 1)) $b $b $((b - 1)) $((b - 1)) \
  $c $c $((c - 1)) $((c - 1)) $d $d $((d - 1)) $((d - 1)) $e $e
# R <= 10^6
t 3-01 ranges 301 10 1000000
t 3-02 fixed 1 1000000 1 999999 2 1000000 3 999998 1 998001 7 1000000 100 1000000 \
  1000 999999 1000000 1000000 999999 1000000
t 3-03 squares 303 10 1000000
# R <= 10^10
t 4-01 ranges 401 10 10000000000
t 4-02 fixed 1 10000000000 1 9999999999 2 10000000000 5000000000 10000000000 \
  9999999000 10000000000 1 4294967296 1 2147483647 2147483648 4294967295 1 $((a - 1)) 1 $a
t 4-03 squares 403 10 10000000000
t 4-04 fixed 1 1 1 2 3 3 9999999999 10000000000 1 1000 1000000 1000000000 \
  999999999 1000000001 31622 31623 $((b - 1)) $b 1 $((c - 1))
echo "divsum: $(ls tests/*.in | wc -l) tests written"
