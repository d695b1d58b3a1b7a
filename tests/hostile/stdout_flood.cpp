// Infinite output to stdout (-> OLE at the output limit, or TLE; never a full disk).
#include <cstdio>
#include <cstring>
int main() {
    static char line[1 << 16];
    std::memset(line, 'y', sizeof line);
    for (;;) std::fwrite(line, 1, sizeof line, stdout);
}
