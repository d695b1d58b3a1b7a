// Compile bomb: 2^40 distinct template instantiations (-> CE once the compile CPU limit hits).
template <int N, unsigned long M> struct T {
    static const unsigned long v = T<N - 1, 2 * M>::v + T<N - 1, 2 * M + 1>::v;
};
template <unsigned long M> struct T<0, M> { static const unsigned long v = M; };
unsigned long x = T<40, 0>::v;
int main() { return static_cast<int>(x); }
