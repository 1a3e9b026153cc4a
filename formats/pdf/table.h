/* Tables: cells collected as paragraphs, then set in columns whose widths
 * come from their content and the measure, row by row, the header rows
 * repeated after a page break, with booktabs-like rules. */
#ifndef DC_PDF_TABLE_H
#define DC_PDF_TABLE_H

#include "node.h"
#include "page.h"
#include "para.h"

struct pdf_table;

struct pdf_table *pdf_table_new(void);
void pdf_table_free(struct pdf_table *table);

/* Start a row; false when out of memory. */
bool pdf_table_row(struct pdf_table *table);
/* A new cell of the current row: the paragraph to collect its content
 * into (hyphenated with HYPH); NULL when out of memory. */
struct pdf_para *pdf_table_cell(struct pdf_table *table, bool header,
				enum dc_align align,
				struct pdf_hyphenator *hyph);

/* Set the table, INDENT points into the text block, text SIZE points. */
enum dc_status pdf_table_set(struct pdf_table *table,
			     struct pdf_pages *pages, struct pdf_fonts *fonts,
			     double indent, double size,
			     struct dc_diag *diag);

#endif
