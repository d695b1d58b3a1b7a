// Checker for "Pair With Sum", in the testlib protocol Polygon checkers speak:
// checker <input> <output> <answer>; the outcome on stderr; exit 0 accepted, 1 wrong answer,
// 3 when the jury files are bad (a judge failure, never the contestant's fault).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
    long long n, s;
    if (!(in >> n >> s) || n < 2) fail("bad input header");
    std::vector<long long> a(n + 1);
    for (long long i = 1; i <= n; i++)
        if (!(in >> a[i])) fail("input too short");
    long long ji;
    if (!(jury >> ji)) fail("empty answer file");
    bool exists = ji != -1;

    std::string tok;
    std::vector<std::string> toks;
    while (out >> tok && toks.size() < 3) toks.push_back(tok);
    if (toks.empty()) verdict(false, "empty output");
    auto number = [&](const std::string& t, long long& v) {
        std::istringstream ss(t);
        return (ss >> v) && ss.eof();
    };
    long long i, j;
    if (toks.size() == 1) {
        if (!number(toks[0], i) || i != -1) verdict(false, "expected two positions or -1");
        verdict(!exists, exists ? "a pair exists but -1 was printed" : "no pair, -1");
    }
    if (toks.size() > 2) verdict(false, "extra tokens in output");
    if (!number(toks[0], i) || !number(toks[1], j)) verdict(false, "positions must be integers");
    if (i < 1 || i > n || j < 1 || j > n) verdict(false, "position out of range");
    if (i == j) verdict(false, "positions must differ");
    if (a[i] + a[j] != s) verdict(false, "a_i + a_j != s");
    if (!exists) fail("contestant found a pair the jury missed");
    verdict(true, "pair ok");
}
