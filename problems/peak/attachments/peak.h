// Mountain Peak: the procedure a solution implements, and the query it may call.
int find_peak(int N);
int ask(int i);
