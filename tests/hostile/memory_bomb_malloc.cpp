// Memory bomb: allocate and touch 1 MiB at a time, never checking for failure (-> MLE).
#include <cstdlib>
#include <cstring>
int main() {
    for (;;) {
        char *p = static_cast<char *>(std::malloc(1 << 20));
        std::memset(p, 1, 1 << 20);
    }
}
