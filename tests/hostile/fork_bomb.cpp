// Fork bomb: every process forks forever. The process limit stops it (RE or TLE, never a hang).
#include <unistd.h>
int main() {
    for (;;) fork();
}
