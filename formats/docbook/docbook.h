/* DocBook 5: the reader (read.c) and the writer (write.c) behind one
 * format descriptor (docbook.c). */
#ifndef DC_DOCBOOK_H
#define DC_DOCBOOK_H

#include "format.h"

/* Read DocBook 5 (or 4) XML with expat; docs/docbook-mapping.md. */
enum dc_status dc_docbook_read(const struct dc_input *in, struct dc_builder *b,
			       struct dc_meta *meta, struct dc_diag *diag);

enum dc_status dc_docbook_write(const struct dc_doc *doc, struct dc_sink *out,
				const struct dc_options *opts,
				struct dc_diag *diag);

#endif
