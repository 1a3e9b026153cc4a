/* Convert a file as `docconv INPUT -o OUTPUT` does: example in.txt out.html */
#include <docconv.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return DOCCONV_ERR_USAGE;
	struct docconv *dc = docconv_new();
	if (!dc)
		return DOCCONV_ERR_SOFTWARE;
	docconv_set_warnings(dc, stderr);  /* else warnings go nowhere */
	const char *inputs[] = {argv[1]};
	enum docconv_status st = docconv_convert_files(dc, inputs, 1, argv[2]);
	if (st != DOCCONV_OK)
		fprintf(stderr, "example: %s\n", docconv_error(dc));
	docconv_free(dc);
	return (int)st;
}
