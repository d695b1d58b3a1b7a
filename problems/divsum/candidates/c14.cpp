#include "divsum.h"

const int MAXV = 1000001;
int dcnt[MAXV];
long long psum[MAXV];
bool ready = false;

long long count_divisors(long long L, long long R) {
    if (!ready) {
        for (int i = 1; i < MAXV; i++)
            for (int j = i; j < MAXV; j += i) dcnt[j]++;
        for (int i = 1; i < MAXV; i++) psum[i] = psum[i - 1] + dcnt[i];
        ready = true;
    }
    return psum[R] - psum[L - 1];
}
