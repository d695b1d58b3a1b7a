// Checker of "tour" (OutputOnly):  checker <input> <expected_output> <contestant_output>
//
// The contestant's file must list every city exactly once (N integers in [0, N), nothing else).
// With L its closed-tour length and R that of the jury's tour (the expected output), the score is
// 1 if L <= R (up to rounding) and (R / L)^2 otherwise, printed with 4 decimals and never below
// 0.0001 for a valid tour. Writes the score on stdout and a verdict line plus a message on stderr;
// exits 0 unless the input or the expected output is unusable ("Judge Failure", exit 3).
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void finish(const std::string& score, const char* verdict, const std::string& message) {
  std::printf("%s\n", score.c_str());
  std::fprintf(stderr, "%s\n%s\n", verdict, message.c_str());
  std::exit(0);
}
[[noreturn]] void reject(const std::string& m) { finish("0", "Output isn't correct", m); }
[[noreturn]] void judge_failure(const std::string& message) {
  std::printf("0\n");
  std::fprintf(stderr, "Judge Failure; Contact staff!\n%s\n", message.c_str());
  std::exit(3);
}

std::vector<std::string> tokens_of(const char* path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = bool(in);
  std::vector<std::string> tokens;
  std::string token;
  while (in >> token) tokens.push_back(token);
  return tokens;
}

// Parses a tour; returns an empty string on success, else what is wrong with it.
std::string parse_tour(const std::vector<std::string>& tokens, int n, std::vector<int>& tour) {
  if ((int)tokens.size() < n)
    return "Expected " + std::to_string(n) + " cities, found " + std::to_string(tokens.size());
  if ((int)tokens.size() > n) return "Extra output after " + std::to_string(n) + " cities";
  std::vector<char> seen(n, 0);
  tour.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    const std::string& s = tokens[i];
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0) return "Token " + std::to_string(i + 1) + " is not an integer";
    if (v < 0 || v >= n) return "City " + s + " does not exist";
    if (seen[v]) return "City " + s + " is visited twice";
    seen[v] = 1;
    tour[i] = (int)v;
  }
  return "";
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 4) judge_failure("usage: checker <input> <expected_output> <contestant_output>");
  std::ifstream input(argv[1]);
  int n;
  if (!(input >> n) || n < 1) judge_failure("bad input file");
  std::vector<double> xs(n), ys(n);
  for (int i = 0; i < n; ++i)
    if (!(input >> xs[i] >> ys[i])) judge_failure("bad input file");

  auto length = [&](const std::vector<int>& t) {
    double total = 0;
    for (int i = 0; i < n; ++i) {
      int a = t[i], b = t[(i + 1) % n];
      total += std::hypot(xs[a] - xs[b], ys[a] - ys[b]);
    }
    return total;
  };

  bool ok;
  std::vector<int> reference, tour;
  std::vector<std::string> expected = tokens_of(argv[2], &ok);
  if (!ok || !parse_tour(expected, n, reference).empty()) judge_failure("bad expected output");
  std::vector<std::string> got = tokens_of(argv[3], &ok);
  if (!ok) judge_failure("cannot read the contestant output");
  std::string problem = parse_tour(got, n, tour);
  if (!problem.empty()) reject(problem);

  double ref_len = length(reference), len = length(tour);
  char lengths[160];
  std::snprintf(lengths, sizeof lengths, "Tour length %.2f, jury's %.2f", len, ref_len);
  if (len <= ref_len * (1 + 1e-9)) finish("1", "Output is correct", lengths);
  double score = (ref_len / len) * (ref_len / len);
  if (score > 0.9999) score = 0.9999;
  if (score < 0.0001) score = 0.0001;
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", score);
  finish(text, "Output is partially correct", lengths);
}
