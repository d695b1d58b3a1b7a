// A CMS checker that reads the whole output in chunks and accepts it (its work is not the point).
#include <cstdio>
int main(int argc, char **argv) {
    FILE *f = std::fopen(argv[3], "rb"); static char buf[1 << 16]; long long n = 0; size_t k;
    while (f && (k = std::fread(buf, 1, sizeof buf, f)) > 0) n += k;
    std::printf("1\n"); std::fprintf(stderr, "Output is correct\n%lld bytes\n", n);
}
