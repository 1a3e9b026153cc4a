/* DocBook 5: the reader (read.c) and the writer (write.c) behind one
 * format descriptor (docbook.c). */
#ifndef DC_DOCBOOK_H
#define DC_DOCBOOK_H

#include "format.h"

enum dc_status dc_docbook_write(const struct dc_doc *doc, struct dc_sink *out,
				const struct dc_options *opts,
				struct dc_diag *diag);

#endif
