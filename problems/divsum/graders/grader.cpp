// Official grader of "divsum" (Batch with grader).
//
// Input:  <input secret> / Q / Q lines "L R".
// Output: <output secret> / "OK" / one answer per line, or <output secret> / "PV" / reason.
// The answers are written only after the last call returns, so a solution that ends the
// process early (exit() inside count_divisors) leaves a "PV" verdict instead of answers.
#include "divsum.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

const char kInputSecret[] = "Myp6UQPq3K30uuB8LvzQdmsETU4yXg2V";
const char kOutputSecret[] = "tn1iEcffExwPeIPHIqp7MCDU9cpPeaFu";

// False exactly while contestant code runs; an exit() then is a protocol violation.
bool exit_allowed = true;

void write_result(const char* result, const char* message) {
  std::printf("%s\n%s\n", kOutputSecret, result);
  if (message != nullptr) std::printf("%s\n", message);
  std::fflush(stdout);
}

void on_process_exit() {
  if (!exit_allowed) write_result("PV", "Solution called exit()");
}

[[noreturn]] void bad_input(const char* message) {
  write_result("PV", message);
  std::exit(0);
}

}  // namespace

int main() {
  std::atexit(on_process_exit);
  std::at_quick_exit(on_process_exit);

  char secret[64];
  if (std::scanf("%63s", secret) != 1 || std::strcmp(secret, kInputSecret) != 0)
    bad_input("Possible tampering with the input");
  int q;
  if (std::scanf("%d", &q) != 1 || q < 0) bad_input("Malformed input");
  std::vector<long long> L(q), R(q);
  for (int i = 0; i < q; ++i)
    if (std::scanf("%lld %lld", &L[i], &R[i]) != 2) bad_input("Malformed input");
  std::fclose(stdin);

  std::vector<long long> answers(q);
  exit_allowed = false;
  for (int i = 0; i < q; ++i) answers[i] = count_divisors(L[i], R[i]);
  exit_allowed = true;

  write_result("OK", nullptr);
  for (int i = 0; i < q; ++i) std::printf("%lld\n", answers[i]);
  std::fclose(stdout);
  return 0;
}
