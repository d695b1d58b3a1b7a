// Reference solver of "tour": the jury's tour written as each test's expected output.
// Exact (Held-Karp) for N <= 12; otherwise nearest neighbour, then iterated local search:
// 2-opt and Or-opt over 10-nearest-neighbour lists, kicked by local double bridges. Deterministic.
//
//   solve [iterations_per_city] < input > tour
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

int n;
std::vector<double> xs, ys;
std::vector<std::vector<int>> near;  // 10 nearest other cities, closest first

double dist(int a, int b) { return std::hypot(xs[a] - xs[b], ys[a] - ys[b]); }

double length(const std::vector<int>& t) {
  double total = 0;
  for (int i = 0; i < n; ++i) total += dist(t[i], t[(i + 1) % n]);
  return total;
}

struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

std::vector<int> held_karp() {
  int full = 1 << n;
  std::vector<double> best(full * n, 1e18);
  std::vector<int> from(full * n, -1);
  best[1 * n + 0] = 0;
  for (int mask = 1; mask < full; mask += 2)
    for (int last = 0; last < n; ++last) {
      double here = best[mask * n + last];
      if (here >= 1e17) continue;
      for (int next = 1; next < n; ++next) {
        if (mask >> next & 1) continue;
        int m2 = mask | 1 << next;
        double cand = here + dist(last, next);
        if (cand < best[m2 * n + next] - 1e-12) best[m2 * n + next] = cand, from[m2 * n + next] = last;
      }
    }
  int mask = full - 1, last = 0;
  double top = 1e18;
  for (int l = 1; l < n; ++l)
    if (best[mask * n + l] + dist(l, 0) < top - 1e-12) top = best[mask * n + l] + dist(l, 0), last = l;
  std::vector<int> tour;
  while (last != -1) {
    tour.push_back(last);
    int prev = from[mask * n + last];
    mask ^= 1 << last;
    last = prev;
  }
  std::reverse(tour.begin(), tour.end());
  return tour;
}

struct Tour {
  std::vector<int> order, pos;
  explicit Tour(std::vector<int> t) : order(std::move(t)), pos(n) { reindex(); }
  void reindex() {
    for (int i = 0; i < n; ++i) pos[order[i]] = i;
  }
  int succ(int c) const { return order[(pos[c] + 1) % n]; }
  int pred(int c) const { return order[(pos[c] + n - 1) % n]; }
  // Reverses the cyclic stretch from position i to position j (inclusive), or its complement,
  // whichever is shorter: both give the same cyclic tour.
  void reverse(int i, int j) {
    int len = (j - i + n) % n + 1;
    if (2 * len > n) {
      int ni = (j + 1) % n, nj = (i + n - 1) % n;
      i = ni, j = nj, len = n - len;
    }
    for (int k = 0; k < len / 2; ++k) {
      int a = (i + k) % n, b = (j - k + n) % n;
      std::swap(order[a], order[b]);
      pos[order[a]] = a, pos[order[b]] = b;
    }
  }
};

// Tries one improving move that starts at city a: a 2-opt move on one of a's tour edges, or an
// Or-opt move of the stretch of 1..3 cities beginning at a. On success, lists the cities whose
// tour edges changed in `touched` and returns true.
bool improve_city(Tour& t, int a, std::vector<int>& touched) {
  for (int dir = 0; dir < 2; ++dir) {
    int b = dir == 0 ? t.succ(a) : t.pred(a);
    double dab = dist(a, b);
    for (int c : near[a]) {
      double dac = dist(a, c);
      if (dac >= dab) break;
      int d = dir == 0 ? t.succ(c) : t.pred(c);
      if (c == b || d == a) continue;
      if (dac + dist(b, d) - dab - dist(c, d) < -1e-7) {
        if (dir == 0) t.reverse(t.pos[b], t.pos[c]);
        else t.reverse(t.pos[a], t.pos[d]);
        touched = {a, b, c, d};
        return true;
      }
    }
  }
  for (int dir = 0; dir < 2; ++dir) {
    for (int len = 1; len <= 3 && len + 3 <= n; ++len) {
      std::vector<int> seg{a};
      while ((int)seg.size() < len) seg.push_back(dir == 0 ? t.succ(seg.back()) : t.pred(seg.back()));
      int first = seg.front(), last = seg.back();
      int p = dir == 0 ? t.pred(first) : t.succ(first);
      int q = dir == 0 ? t.succ(last) : t.pred(last);
      double gain = dist(p, first) + dist(last, q) - dist(p, q);
      auto inside = [&](int city) { return std::find(seg.begin(), seg.end(), city) != seg.end(); };
      for (int anchor : {first, last}) {
        for (int c : near[anchor]) {
          if (inside(c)) continue;
          for (int side = 0; side < 2; ++side) {
            int u = side == 0 ? c : t.pred(c), v = side == 0 ? t.succ(c) : c;  // tour edge u -> v
            if (inside(u) || inside(v)) continue;
            if ((u == p && v == q) || (u == q && v == p)) continue;
            double forward = dist(u, first) + dist(last, v) - dist(u, v);
            double backward = dist(u, last) + dist(first, v) - dist(u, v);
            if (std::min(forward, backward) >= gain - 1e-7) continue;
            std::vector<int> piece = seg;
            if (backward < forward) std::reverse(piece.begin(), piece.end());
            std::vector<int> rebuilt;
            rebuilt.reserve(n);
            for (int k = 0; k < n; ++k) {
              int city = t.order[k];
              if (inside(city)) continue;
              rebuilt.push_back(city);
              if (city == u) rebuilt.insert(rebuilt.end(), piece.begin(), piece.end());
            }
            t.order = rebuilt;
            t.reindex();
            touched = {p, q, u, v, first, last};
            return true;
          }
        }
      }
    }
  }
  return false;
}

// Applies improving moves until none starts at a city of the work queue.
void local_search(Tour& t, std::vector<int> queue) {
  std::vector<char> queued(n, 0);
  for (int c : queue) queued[c] = 1;
  std::vector<int> touched;
  while (!queue.empty()) {
    int a = queue.back();
    queue.pop_back();
    queued[a] = 0;
    while (improve_city(t, a, touched)) {
      for (int c : touched)
        if (!queued[c]) queued[c] = 1, queue.push_back(c);
    }
  }
}

// Double bridge on three cut points within a window of 60 positions: A B C D -> A C B D.
// Returns the cities at the ends of the new edges (the work queue of the next local search).
std::vector<int> kick(Tour& t, Rng& rng) {
  int w = std::min(n - 1, 60);
  int s = (int)(rng.next() % n);
  int c[3];
  do {
    for (int& x : c) x = 1 + (int)(rng.next() % w);
    std::sort(c, c + 3);
  } while (c[0] == c[1] || c[1] == c[2]);
  std::vector<int> rotated(n), out;
  for (int i = 0; i < n; ++i) rotated[i] = t.order[(s + i) % n];
  out.insert(out.end(), rotated.begin(), rotated.begin() + c[0]);
  out.insert(out.end(), rotated.begin() + c[1], rotated.begin() + c[2]);
  out.insert(out.end(), rotated.begin() + c[0], rotated.begin() + c[1]);
  out.insert(out.end(), rotated.begin() + c[2], rotated.end());
  t.order = out;
  t.reindex();
  return {rotated[c[0] - 1], rotated[c[0]], rotated[c[1] - 1], rotated[c[1]],
          rotated[c[2] - 1], rotated[c[2] % n], rotated[0], rotated[n - 1]};
}

}  // namespace

int main(int argc, char* argv[]) {
  int per_city = argc > 1 ? atoi(argv[1]) : 20;
  if (std::scanf("%d", &n) != 1 || n < 1) return 1;
  xs.resize(n), ys.resize(n);
  for (int i = 0; i < n; ++i) {
    int x, y;
    if (std::scanf("%d %d", &x, &y) != 2) return 1;
    xs[i] = x, ys[i] = y;
  }
  std::vector<int> best;
  if (n <= 12) {
    best = held_karp();
  } else {
    near.assign(n, {});
    for (int a = 0; a < n; ++a) {
      std::vector<int> others;
      for (int b = 0; b < n; ++b)
        if (b != a) others.push_back(b);
      std::sort(others.begin(), others.end(), [&](int p, int q) {
        double dp = dist(a, p), dq = dist(a, q);
        return dp != dq ? dp < dq : p < q;
      });
      others.resize(std::min<size_t>(others.size(), 10));
      near[a] = others;
    }
    std::vector<int> start{0}, seen(n, 0);
    seen[0] = 1;
    for (int k = 1; k < n; ++k) {
      int here = start.back(), pick = -1;
      for (int c = 0; c < n; ++c)
        if (!seen[c] && (pick < 0 || dist(here, c) < dist(here, pick))) pick = c;
      seen[pick] = 1;
      start.push_back(pick);
    }
    Tour current(start);
    local_search(current, start);
    double current_len = length(current.order);
    Rng rng{12345};
    for (int it = 0; it < per_city * n; ++it) {
      Tour trial = current;
      local_search(trial, kick(trial, rng));
      double trial_len = length(trial.order);
      if (trial_len < current_len - 1e-7) current = trial, current_len = trial_len;
    }
    best = current.order;
  }
  for (int c : best) std::printf("%d\n", c);
  return 0;
}
