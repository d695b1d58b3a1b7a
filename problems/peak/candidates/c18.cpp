#include "peak.h"

// Walk up the slope until the next point is lower.
int find_peak(int N) {
    int i = 0;
    int cur = ask(0);
    while (i + 1 < N) {
        int nxt = ask(i + 1);
        if (nxt < cur) break;
        cur = nxt;
        i++;
    }
    return i;
}
