// Stub of "peak" (Communication, 1 process), compiled together with the solution.
//
// It talks to the manager over stdin/stdout with whitespace-separated integers. Every message
// starts with a secret word whose low 4 bits carry a code, so that text a solution writes on
// stdout is recognised as tampering instead of being read as a query.
//   manager -> stub: M2S|START N   (a scenario)   M2S|REPLY value   M2S|END   M2S|DIE
//   stub -> manager: S2M|QUERY i   S2M|ANSWER k   S2M|EXIT_CALLED
#include "peak.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace {

const int kStubToManager = 0x56B89200;
const int kManagerToStub = 0x56069B40;
const int kCodeMask = 0xF;

enum StubCode { QUERY = 0, ANSWER = 1, EXIT_CALLED = 13 };
enum ManagerCode { START = 0, REPLY = 1, END = 2, DIE = 3 };

// True except while the solution's find_peak runs; an exit() then is a protocol violation.
bool exit_allowed = true;

[[noreturn]] void quit_quietly() {
  exit_allowed = true;
  std::exit(0);
}

void send(int code, int value, bool with_value) {
  if (with_value)
    std::printf("%d %d\n", kStubToManager | code, value);
  else
    std::printf("%d\n", kStubToManager | code);
  std::fflush(stdout);
}

// Reads one manager message; returns its code. A DIE (or a broken stream) ends the process.
int receive(int* value) {
  int word;
  if (std::scanf("%d", &word) != 1) quit_quietly();
  if ((word & ~kCodeMask) != kManagerToStub) quit_quietly();
  int code = word & kCodeMask;
  if (code == START || code == REPLY) {
    if (std::scanf("%d", value) != 1) quit_quietly();
  } else if (code != END) {
    quit_quietly();
  }
  return code;
}

void on_process_exit() {
  if (!exit_allowed) {
    exit_allowed = true;
    send(EXIT_CALLED, 0, false);
  }
}

}  // namespace

int ask(int i) {
  send(QUERY, i, true);
  int value = 0;
  if (receive(&value) != REPLY) quit_quietly();
  return value;
}

int main() {
  std::signal(SIGPIPE, SIG_IGN);
  std::atexit(on_process_exit);
  std::at_quick_exit(on_process_exit);
  for (;;) {
    int n = 0;
    int code = receive(&n);
    if (code != START) break;
    exit_allowed = false;
    int k = find_peak(n);
    exit_allowed = true;
    send(ANSWER, k, true);
  }
  return 0;
}
