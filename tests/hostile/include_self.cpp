// Compile bomb: a file that includes itself (-> CE).
#include __FILE__
int main() {}
