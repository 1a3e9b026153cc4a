/* The format table. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "format.h"

static void test_sorted_and_complete(void)
{
	size_t n = 0;
	for (; dc_formats[n]; n++) {
		const struct dc_format *f = dc_formats[n];
		CHECK(f->name && f->description && f->extensions);
		CHECK(f->read || f->write);
		if (n > 0)
			CHECK(strcmp(dc_formats[n - 1]->name, f->name) < 0);
	}
	CHECK(n >= 3);
}

static void test_by_name(void)
{
	const struct dc_format *f = dc_format_by_name("docbook");
	CHECK(f && f->write);
	CHECK(dc_format_by_name("DocBook") == f);
	CHECK(dc_format_by_name("text") && dc_format_by_name("text")->read);
	CHECK(dc_format_by_name("nope") == NULL);
}

static void test_by_path(void)
{
	CHECK(dc_format_by_path("a/b/in.txt", true) ==
	      dc_format_by_name("text"));
	CHECK(dc_format_by_path("OUT.XML", false) ==
	      dc_format_by_name("docbook"));
	CHECK(dc_format_by_path("x.dbk", false) ==
	      dc_format_by_name("docbook"));
	/* A writer's extension does not select a reader, and back. */
	CHECK(dc_format_by_path("in.txt", false) == NULL);
	CHECK(dc_format_by_path("dir.txt/file", true) == NULL);
	CHECK(dc_format_by_path(".txt", true) == NULL);
	CHECK(dc_format_by_path("noext", true) == NULL);
}

static void test_listing(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	CHECK(fp != NULL);
	if (!fp)
		return;
	dc_print_formats(fp);
	fclose(fp);
	for (size_t i = 0; dc_formats[i]; i++)
		CHECK(text && strstr(text, dc_formats[i]->name));
	CHECK(text && strstr(text, ".dbk, .xml"));
	free(text);
}

static const struct dc_test tests[] = {
	{.name = "sorted_and_complete", .run = test_sorted_and_complete},
	{.name = "by_name", .run = test_by_name},
	{.name = "by_path", .run = test_by_path},
	{.name = "listing", .run = test_listing},
	{0},
};

const struct dc_suite dc_suite_registry = {.name = "registry",
					   .tests = tests};
