// Starts 200 threads (-> RE when the process limit refuses them, or OK; never a hang).
#include <cstdio>
#include <thread>
#include <vector>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::vector<std::thread> threads;
    for (int i = 0; i < 200; i++) threads.emplace_back([] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); });
    for (auto &t : threads) t.join();
    std::printf("%lld\n", a + b);
}
