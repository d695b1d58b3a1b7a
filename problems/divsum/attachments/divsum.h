// Divisor Sums: the function a solution implements.
long long count_divisors(long long L, long long R);
