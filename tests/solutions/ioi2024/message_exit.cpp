#include "message.h"
#include <cstdlib>
#include <vector>
// Exits in the middle of the protocol.
void send_message(std::vector<bool> M, std::vector<bool> C) { std::exit(0); }
std::vector<bool> receive_message(std::vector<std::vector<bool>> R) { std::exit(0); }
