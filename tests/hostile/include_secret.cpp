// Compile-time theft: the compiler runs on the judge's machine, so try to make it read judge files
// and show them in the compilation error. Every probe must miss (-> CE naming no content).
// (@SECRET@ is not probed with __has_include: after a failed probe GCC 12 skips a missing #include
// of the same path without an error.)
#if __has_include("@EXPECTED@")
#error "reachable: the expected output"
#endif
#if __has_include("/proc/1/environ") || __has_include("/proc/self/root/etc/passwd")
#error "reachable: /proc"
#endif
#if __has_include("/etc/passwd") || __has_include("@JUDGE@")
#error "reachable: the judge's files"
#endif
#include "@SECRET@"
int main() {}
