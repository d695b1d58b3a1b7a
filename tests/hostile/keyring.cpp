// Kernel keyrings are per uid, not per box: a key left in the user keyring by one run would be
// read by the next run of the same uid. Prints the sum, then "added" if it could add a key and
// "found" if a key named @NAME@ was already there (-> WA either way).
#include <cstdio>
#include <initializer_list>
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    const char *name = "@NAME@";
    for (int ring : {KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_SESSION_KEYRING}) {
        if (syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", name, 0) >= 0) std::puts("found");
        if (syscall(SYS_add_key, "user", name, "left for the next box", 21, ring) >= 0) std::puts("added");
    }
}
