// Compile bomb: an endless random include (-> CE within the compile limits).
#include "/dev/urandom"
int main() {}
