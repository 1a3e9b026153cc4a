#include "image.h"

#include <errno.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One PNG being checked.  On the heap: what changes between setjmp and
 * libpng's jump back must not be a local of the function that called
 * setjmp (C11 7.13.2.1). */
struct png_job {
	struct pdf_image_check *out;
	png_bytep row;  /* one decoded row */
};

/* libpng's errors jump back to S_check_png with the message kept. */
static void S_png_error(png_structp png, png_const_charp message)
{
	struct png_job *job = png_get_error_ptr(png);
	snprintf(job->out->problem, sizeof job->out->problem,
		 "not a PNG libpng can decode (%s)", message);
	png_longjmp(png, 1);
}

/* Warnings (a bad CRC in an ancillary chunk, say) do not stop libharu
 * either. */
static void S_png_warning(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message;
}

/* Read every row of the PNG in FP into one row's buffer (S_check_png
 * catches libpng's errors around this). */
static void S_decode_rows(png_structp png, png_infop info, FILE *fp,
			  struct png_job *job)
{
	png_init_io(png, fp);
	png_read_info(png, info);
	png_uint_32 w = png_get_image_width(png, info),
		    h = png_get_image_height(png, info);
	if ((uint64_t)w * h > PDF_IMAGE_MAX_PIXELS) {
		snprintf(job->out->problem, sizeof job->out->problem,
			 "%lu by %lu pixels, more than the %d million a "
			 "PNG may have", (unsigned long)w, (unsigned long)h,
			 PDF_IMAGE_MAX_PIXELS / 1000000);
		return;
	}
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	job->row = malloc(png_get_rowbytes(png, info));
	if (!job->row) {
		snprintf(job->out->problem, sizeof job->out->problem,
			 "out of memory");
		return;
	}
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < h; y++)
			png_read_row(png, job->row, NULL);
	png_read_end(png, NULL);
}

static void S_check_png(FILE *fp, struct pdf_image_check *out)
{
	struct png_job *job = calloc(1, sizeof *job);
	if (job)
		job->out = out;
	png_structp png = job ? png_create_read_struct(PNG_LIBPNG_VER_STRING,
						       job, S_png_error,
						       S_png_warning)
			      : NULL;
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info)
		snprintf(out->problem, sizeof out->problem, "out of memory");
	else if (setjmp(png_jmpbuf(png)) == 0)
		S_decode_rows(png, info, fp, job);
	png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
	if (job)
		free(job->row);
	free(job);
}

void pdf_image_check(const char *path, struct pdf_image_check *out)
{
	*out = (struct pdf_image_check){.kind = PDF_IMAGE_NONE};
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		out->errnum = errno;
		return;
	}
	unsigned char head[8] = {0};
	size_t n = fread(head, 1, sizeof head, fp);
	if (n == 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0) {
		out->kind = PDF_IMAGE_PNG;
		rewind(fp);
		S_check_png(fp, out);
	} else if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 &&
		   head[2] == 0xFF) {
		out->kind = PDF_IMAGE_JPEG;
	}
	fclose(fp);
}
