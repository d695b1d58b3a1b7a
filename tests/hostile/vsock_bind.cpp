// Socket families a network namespace does not cover: AF_VSOCK (the hypervisor's channel on a VM)
// and AF_NETLINK, plus AF_UNIX. Prints the sum, then one token per socket the kernel let it make
// (-> WA): a contestant may open no socket at all.
#include <cstdio>
#include <linux/vm_sockets.h>
#include <sys/socket.h>
#include <linux/netlink.h>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    int v = socket(AF_VSOCK, SOCK_STREAM, 0);
    if (v >= 0) {
        std::puts("vsock-socket");
        sockaddr_vm addr{};
        addr.svm_family = AF_VSOCK;
        addr.svm_cid = VMADDR_CID_ANY;
        addr.svm_port = 40404;
        if (bind(v, (sockaddr *)&addr, sizeof addr) == 0) std::puts("vsock-bound");
    }
    if (socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) >= 0) std::puts("netlink");
    if (socket(AF_UNIX, SOCK_STREAM, 0) >= 0) std::puts("unix");
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0) std::puts("socketpair");
}
