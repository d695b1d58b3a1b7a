// Sleeps forever without using CPU: only the wall-clock limit ends it (-> TLE).
#include <unistd.h>
int main() {
    for (;;) pause();
}
