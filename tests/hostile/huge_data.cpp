// Compile bomb: a 1 GiB initialised array makes a 1 GiB object file (-> CE at the output size limit).
char data[1 << 30] = {1};
int main() { return data[12345]; }
