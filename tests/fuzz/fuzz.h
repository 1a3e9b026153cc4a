/* What the fuzz targets share: a document through writers, in memory and
 * quietly, and one input through one reader.  Each target is one
 * LLVMFuzzerTestOneInput (libFuzzer, -DDOCCONV_FUZZ=ON with clang); the
 * same code runs in every build through replay.c, which feeds the files
 * kept under fixtures/fuzz/ to it as CTest tests. */
#ifndef DC_FUZZ_H
#define DC_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write DOC (sectionized) in every format that has a writer, each into
 * memory, dropping the result; PDF only if WITH_PDF.  (The PDF writer
 * loads fonts and hyphenation patterns each time: a hundred times slower
 * than the others on a small document, it would slow every run.) */
void fuzz_write_all(const struct dc_doc *doc, bool with_pdf);

/* Read DATA as FORMAT, then write it in every format but PDF. */
int fuzz_read_then_write(const char *format, const uint8_t *data,
			 size_t size);

#endif
