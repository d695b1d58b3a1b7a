// Checker for "Proper Divisor", in the testlib protocol Polygon checkers speak:
// checker <input> <output> <answer>; the outcome on stderr; exit 0 accepted, 1 wrong answer, 3 judge failure.
// Any proper divisor is accepted; -1 only for primes (the jury's answer is -1 exactly for them).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

static void verdict(bool ok, const std::string& why) {
    fprintf(stderr, "%s %s\n", ok ? "ok" : "wrong answer", why.c_str());
    exit(ok ? 0 : 1);
}

static void fail(const std::string& why) {
    fprintf(stderr, "FAIL %s\n", why.c_str());
    exit(3);
}

int main(int argc, char** argv) {
    if (argc < 4) fail("usage: checker input output answer");
    std::ifstream in(argv[1]), out(argv[2]), jury(argv[3]);
    long long q;
    if (!(in >> q) || q < 1) fail("bad input header");
    for (long long k = 1; k <= q; k++) {
        long long n, expected;
        if (!(in >> n)) fail("input too short");
        if (!(jury >> expected)) fail("answer too short");
        std::string tok;
        if (!(out >> tok)) verdict(false, "output ends before query " + std::to_string(k));
        std::istringstream ss(tok);
        long long d;
        if (!(ss >> d) || !ss.eof()) verdict(false, "query " + std::to_string(k) + ": not an integer");
        if (expected == -1) {
            if (d != -1) verdict(false, "query " + std::to_string(k) + ": n is prime, -1 expected");
            continue;
        }
        if (d == -1) verdict(false, "query " + std::to_string(k) + ": n is composite");
        if (d <= 1 || d >= n || n % d != 0) verdict(false, "query " + std::to_string(k) + ": not a proper divisor");
    }
    std::string extra;
    if (out >> extra) verdict(false, "extra tokens in output");
    verdict(true, "all queries ok");
}
