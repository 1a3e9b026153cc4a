/* Images for the PDF writer: what kind a file is, and whether libharu may
 * be given it. */
#ifndef PDF_IMAGE_H
#define PDF_IMAGE_H

enum pdf_image_kind { PDF_IMAGE_NONE, PDF_IMAGE_PNG, PDF_IMAGE_JPEG };

/* The largest PNG libharu is given, in pixels.  libharu decodes a PNG
 * whole into memory, up to 8 bytes a pixel: 40 million pixels (a 48
 * megapixel photograph is JPEG, which libharu embeds without decoding)
 * take up to 320 MB. */
enum { PDF_IMAGE_MAX_PIXELS = 40 * 1000 * 1000 };

struct pdf_image_check {
	enum pdf_image_kind kind;  /* by the first bytes */
	int errnum;                /* the file could not be read: why */
	char problem[200];         /* else what is wrong with it; "" if fine */
};

/* Look at the image at PATH.  A PNG is decoded once, a row at a time, so
 * that one libpng cannot read, or one too large, never reaches libharu:
 * it aborts the process on the first (a truncated file) and takes all the
 * memory its header asks for on the second. */
void pdf_image_check(const char *path, struct pdf_image_check *out);

#endif
