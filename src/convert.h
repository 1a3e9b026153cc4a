/* One conversion: read the inputs into one document, write it. */
#ifndef DC_CONVERT_H
#define DC_CONVERT_H

#include "diag.h"
#include "options.h"

enum dc_status dc_convert(const struct dc_options *opts,
			  struct dc_diag *diag);

#endif
