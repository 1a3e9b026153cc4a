/* libFuzzer target: the text reader on arbitrary bytes, then every writer. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read_then_write("text", data, size);
}
