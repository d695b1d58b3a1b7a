// Manager of "peak" (Communication, 1 process).
//
//   manager <sol0-to-mgr> <mgr-to-sol0> [log]  < test input
//
// Test input:  T QFULL QMAX, then T lines "N p seed": the hidden array of each scenario is built
// from (N, p, seed) and has its unique maximum at index p. The manager answers ask(i) queries,
// checks each find_peak answer and scores the test by the largest number of queries q used in a
// scenario: 1 if q <= QFULL, (QFULL / q)^2 otherwise. More than QMAX queries, an index outside
// [0, N), text on the solution's stdout, or exit() inside find_peak is a protocol violation.
// Writes the score on stdout and a verdict line plus a message on stderr; exits 0 unless the test
// input or the pipes are unusable (then "Judge Failure", exit 3).
#include <csignal>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const int kStubToManager = 0x56B89200;
const int kManagerToStub = 0x56069B40;
const int kCodeMask = 0xF;
enum StubCode { QUERY = 0, ANSWER = 1, EXIT_CALLED = 13 };
enum ManagerCode { START = 0, REPLY = 1, END = 2, DIE = 3 };

FILE* to_solution = nullptr;
FILE* from_solution = nullptr;

std::string format(const char* fmt, ...) {
  char buffer[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  return buffer;
}

void send(int code) {
  if (to_solution == nullptr) return;
  std::fprintf(to_solution, "%d\n", kManagerToStub | code);
  std::fflush(to_solution);
}

void send(int code, int value) {
  if (to_solution == nullptr) return;
  std::fprintf(to_solution, "%d %d\n", kManagerToStub | code, value);
  std::fflush(to_solution);
}

[[noreturn]] void finish(const std::string& score, const char* verdict, const std::string& message) {
  send(DIE);  // a stub still waiting for a reply leaves quietly
  std::printf("%s\n", score.c_str());
  std::fprintf(stderr, "%s\n%s\n", verdict, message.c_str());
  std::exit(0);
}
[[noreturn]] void violation(const std::string& m) { finish("0", "Protocol Violation", m); }
[[noreturn]] void wrong(const std::string& m) { finish("0", "Output isn't correct", m); }
[[noreturn]] void judge_failure(const std::string& message) {
  std::printf("0\n");
  std::fprintf(stderr, "Judge Failure; Contact staff!\n%s\n", message.c_str());
  std::exit(3);
}

struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int between(int lo, int hi) { return lo + (int)(next() % (uint64_t)(hi - lo + 1)); }
};

// Strictly increasing up to p, strictly decreasing after it; steps come in blocks of random
// length with their own random scale, so values say little about the distance to the peak.
std::vector<int> build_array(int n, int p, uint64_t seed) {
  Rng rng{seed};
  std::vector<int> a(n);
  int scale = 1, left_in_block = 0;
  auto step = [&]() {
    if (left_in_block-- <= 0) {
      scale = rng.between(1, 1000);
      left_in_block = rng.between(1, 1000);
    }
    return rng.between(1, scale);
  };
  if (p > 0) {
    a[0] = rng.between(1, 1000000);
    for (int i = 1; i < p; ++i) a[i] = a[i - 1] + step();
  }
  if (p < n - 1) {
    a[n - 1] = rng.between(1, 1000000);
    for (int i = n - 2; i > p; --i) a[i] = a[i + 1] + step();
  }
  int base = 0;
  if (p > 0) base = a[p - 1];
  if (p < n - 1 && a[p + 1] > base) base = a[p + 1];
  a[p] = base + step();
  return a;
}

// Reads the next message word from the solution; returns its code.
int receive(int* value) {
  int word;
  int got = std::fscanf(from_solution, "%d", &word);
  if (got == EOF) violation("Solution terminated without answering");
  if (got != 1 || (word & ~kCodeMask) != kStubToManager)
    violation("Possible tampering with the solution's output (did it write to stdout?)");
  int code = word & kCodeMask;
  if (code == EXIT_CALLED) violation("Solution called exit()");
  if (code != QUERY && code != ANSWER) violation("Unknown message from the solution");
  if (std::fscanf(from_solution, "%d", value) != 1)
    violation("Possible tampering with the solution's output (did it write to stdout?)");
  return code;
}

}  // namespace

int main(int argc, char* argv[]) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 3) judge_failure("usage: manager <sol0-to-mgr> <mgr-to-sol0> [log] < input");

  int t, qfull, qmax;
  if (std::scanf("%d %d %d", &t, &qfull, &qmax) != 3 || t < 1 || qfull < 1 || qmax < qfull)
    judge_failure("bad test header");
  std::vector<int> ns(t), ps(t);
  std::vector<uint64_t> seeds(t);
  for (int s = 0; s < t; ++s) {
    unsigned long long seed;
    if (std::scanf("%d %d %llu", &ns[s], &ps[s], &seed) != 3 || ns[s] < 1 || ps[s] < 0 ||
        ps[s] >= ns[s])
      judge_failure(format("bad scenario line %d", s + 1));
    seeds[s] = seed;
  }

  // Same order as the official managers: our write end first, then our read end.
  to_solution = std::fopen(argv[2], "w");
  if (to_solution == nullptr) judge_failure("cannot open mgr-to-sol0");
  from_solution = std::fopen(argv[1], "r");
  if (from_solution == nullptr) judge_failure("cannot open sol0-to-mgr");

  int most_queries = 0;
  for (int s = 0; s < t; ++s) {
    std::vector<int> a = build_array(ns[s], ps[s], seeds[s]);
    send(START, ns[s]);
    int queries = 0, value = 0;
    while (receive(&value) == QUERY) {
      if (value < 0 || value >= ns[s])
        violation(format("Invalid query index %d in scenario %d (N = %d)", value, s + 1, ns[s]));
      if (++queries > qmax) violation(format("Too many queries in scenario %d", s + 1));
      send(REPLY, a[value]);
    }
    if (value != ps[s]) wrong(format("Wrong peak in scenario %d: answered %d", s + 1, value));
    if (queries > most_queries) most_queries = queries;
  }
  send(END);
  to_solution = nullptr;

  if (most_queries <= qfull)
    finish("1", "Output is correct", format("At most %d queries per scenario", most_queries));
  double ratio = (double)qfull / most_queries;
  finish(format("%.4f", ratio * ratio), "Output is partially correct",
         format("Used %d queries in a scenario; full score needs at most %d", most_queries, qfull));
}
