#!/usr/bin/env bash
# Rebuilds tests/ of "tour" (inputs from gen.cpp, expected outputs = the jury's tours from
# solve.cpp) and the output-file solutions under solutions/ (see problems/README.md).
# Deterministic; takes about half a minute (the jury's search on the large tests).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=gnu++17 -O2 -o "$tmp/gen" gen/gen.cpp
g++ -std=gnu++17 -O2 -o "$tmp/solve" gen/solve.cpp
g++ -std=gnu++17 -O2 -o "$tmp/nearest" gen/nearest.cpp
rm -rf tests
mkdir tests

t() {  # t <test name> <gen arguments...>
  local name=$1
  shift
  "$tmp/gen" "$@" > "tests/$name.in"
  "$tmp/solve" < "tests/$name.in" > "tests/$name.out"
}

# 00-samples (the example of the statement)
t 0-01 fixed 0 0 3000 0 3000 4000 0 4000 1000 2000
# N <= 12
t 1-01 uniform 11 6
t 1-02 clusters 12 8 2
t 1-03 uniform 13 12
# N <= 200
t 2-01 uniform 21 50
t 2-02 clusters 22 120 5
t 2-03 grid 23 200
# N <= 1000
t 3-01 uniform 31 500
t 3-02 uniform 32 1000
t 3-03 clusters 33 1000 12
t 3-04 grid 34 800

# Output-file solutions: one file output_<test>.txt per test, as a contestant submits them.
rm -rf solutions/full solutions/partial solutions/wa
mkdir -p solutions/full/jury solutions/partial/nearest solutions/partial/small_only solutions/wa/one_based
for input in tests/*.in; do
  name=$(basename "$input" .in)
  cp "tests/$name.out" "solutions/full/jury/output_$name.txt"
  "$tmp/nearest" < "$input" > "solutions/partial/nearest/output_$name.txt"
  case $name in 0-*|1-*) cp "tests/$name.out" "solutions/partial/small_only/output_$name.txt" ;; esac
  awk '{ print $1 + 1 }' "tests/$name.out" > "solutions/wa/one_based/output_$name.txt"
done
echo "tour: $(ls tests/*.in | wc -l) tests and 4 output-file solutions written"
