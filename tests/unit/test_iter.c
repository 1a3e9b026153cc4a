#include "harness.h"

static const struct dc_test tests[] = {
	{0},
};

const struct dc_suite dc_suite_iter = {.name = "iter", .tests = tests};
