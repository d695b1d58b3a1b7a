#include "message.h"
#include <vector>
// Follows the protocol (one packet of 31 bits) but never transmits the message.
void send_message(std::vector<bool> M, std::vector<bool> C) { send_packet(std::vector<bool>(31, false)); }
std::vector<bool> receive_message(std::vector<std::vector<bool>> R) { return std::vector<bool>(1, false); }
