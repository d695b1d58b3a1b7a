// Network attempt: TCP and UDP to 127.0.0.1:@PORT@ and an abstract unix socket the test listens on.
// Prints the sum, then one word per channel that got through: any extra token makes it a WA.
#include <arpa/inet.h>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static sockaddr_in loopback() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(@PORT@);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
    sockaddr_in addr = loopback();
    int tcp = socket(AF_INET, SOCK_STREAM, 0);
    if (tcp >= 0 && connect(tcp, (sockaddr *)&addr, sizeof addr) == 0) {
        write(tcp, "pwned", 5);
        std::puts("tcp-connected");
    }
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    if (udp >= 0 && sendto(udp, "pwned", 5, 0, (sockaddr *)&addr, sizeof addr) == 5) std::puts("udp-sent");
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    const char name[] = "@ABSTRACT@";
    std::memcpy(un.sun_path + 1, name, sizeof name - 1);
    int ux = socket(AF_UNIX, SOCK_STREAM, 0);
    if (ux >= 0 && connect(ux, (sockaddr *)&un, offsetof(sockaddr_un, sun_path) + sizeof name) == 0)
        std::puts("unix-connected");
}
